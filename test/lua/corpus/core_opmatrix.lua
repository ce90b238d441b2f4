-- every binary/unary operator over a matrix of operand kinds, via pcall
local mt = {__add = function() return "madd" end, __lt = function() return true end, __le = function() return false end,
  __concat = function() return "mcat" end, __eq = function() return true end, __unm = function() return "munm" end,
  __len = function() return 7 end, __index = function(t, k) return "idx:" .. tostring(k) end, __call = function() return "called" end}
local vals = {
  {"nil", nil}, {"true", true}, {"zero", 0}, {"num", 3.5}, {"neg", -2}, {"str", "abc"}, {"numstr", "10"},
  {"hexstr", "0x10"}, {"spstr", " 5 "}, {"tbl", {}}, {"mtbl", setmetatable({}, mt)}, {"fn", print},
}
local ops = {
  {"+", function(a, b) return a + b end}, {"-", function(a, b) return a - b end},
  {"*", function(a, b) return a * b end}, {"/", function(a, b) return a / b end},
  {"%", function(a, b) return a % b end}, {"^", function(a, b) return a ^ b end},
  {"..", function(a, b) return a .. b end}, {"==", function(a, b) return a == b end},
  {"<", function(a, b) return a < b end}, {"<=", function(a, b) return a <= b end},
  {">", function(a, b) return a > b end}, {">=", function(a, b) return a >= b end},
  {"~=", function(a, b) return a ~= b end},
}
local function show(ok, v)
  if type(v) == "number" or type(v) == "string" or type(v) == "boolean" or v == nil then return tostring(ok) .. ":" .. tostring(v) end
  return tostring(ok) .. ":" .. type(v)
end
for _, op in ipairs(ops) do
  local line = {}
  for _, a in ipairs(vals) do
    for _, b in ipairs(vals) do
      if a[1] ~= "fn" and b[1] ~= "fn" then
        local ok, r = pcall(op[2], a[2], b[2])
        line[#line + 1] = a[1] .. op[1] .. b[1] .. "=" .. show(ok, r)
      end
    end
  end
  print(table.concat(line, "\n"))
end
for _, a in ipairs(vals) do
  print(a[1], show(pcall(function(x) return -x end, a[2])), show(pcall(function(x) return #x end, a[2])),
    show(pcall(function(x) return not x end, a[2])), show(pcall(function(x) return x.field end, a[2])),
    show(pcall(function(x) return x() end, a[2])), show(pcall(function(x) x.f = 1 end, a[2])),
    show(pcall(function(x) return x:m() end, a[2])))
end
-- named variables in messages
local lnil
local tab = {}
print(pcall(function() return lnil + 1 end))
print(pcall(function() return 1 + lnil end))
print(pcall(function() return tab.x + 1 end))
print(pcall(function() return tab.x .. "s" end))
print(pcall(function() return "s" .. tab.x end))
print(pcall(function() return "a" .. lnil .. "b" end))
print(pcall(function() return gvar + 1 end))
print(pcall(function() return -gvar end))
print(pcall(function() return #tab.x end))
print(pcall(function() return tab.x.y end))
print(pcall(function() return tab[1][2] end))
print(pcall(function() tab.x.y = 1 end))
print(pcall(function() return (lnil)() end))
print(pcall(function() return tab:nomethod() end))
print(pcall(function() return ("s"):nomethod() end))
print(pcall(function() return lnil.x end))
print(pcall(function() lnil.x = 1 end))
print(pcall(function() return math.nofunc() end))
print(pcall(function() return tab.a.b.c end))
print(pcall(function() local a = {b = {}} return a.b.c.d end))
print(pcall(function() return tab[lnil] end))
print(pcall(function() tab[lnil] = 1 end))
print(pcall(function() return 2 ^ tab end))
print(pcall(function() local s = "x" return s % 2 end))
print(pcall(function() local u = {} ; return u .. {} end))
