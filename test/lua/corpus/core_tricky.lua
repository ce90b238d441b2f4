-- varargs edge cases
local function cnt(...) return select('#', ...) end
local function three() return 1, 2, 3 end
print(cnt(three(), three()), cnt(three(), nil), cnt((three())), cnt(nil, nil, nil))
local t = {three(), three(), n = three()}
print(#t, t.n)
local function pass(...) return ... end
print(pass(1, nil, 3))
print(cnt(pass()), cnt(pass(nil)))
local function tail(...) return select(2, ...) end
print(tail(1, 2, 3))
print(pcall(pass, 1, 2))
-- vararg in the middle is truncated
print(cnt(pass(1, 2), 3), ({pass(1, 2), 3})[2])
-- numeric keys normalisation
local k = {}
k[1.0] = "one"; k[2] = "two"; k[-0] = "zero"; k[0.5] = "half"
print(k[1], k[2.0], k[0], k[0.5], #k)
k[2^53] = "big"
print(k[2^53], k[2^53 + 1])
-- string keys vs number keys
local sk = {}
sk["1"] = "s"; sk[1] = "n"
print(sk["1"], sk[1])
-- float for loop accumulation
local acc = {}
for x = 0, 1, 0.25 do acc[#acc + 1] = x end
print(table.concat(acc, " "))
local c2 = 0
for x = 0.1, 1.0, 0.1 do c2 = c2 + 1 end
print(c2)
for i = 3, 1 do print("no") end
for i = 1, 3 do local i = i * 2; io = nil; print(i) end
for i = -3, -1 do print(i) end
for i = 1, 2, 0.5 do print(i) end
-- loop variable modification does not affect iteration
for i = 1, 3 do print(i); i = 10 end
-- nested break and closures
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    print(i, j)
  end
end
-- while with complex conditions
local a, b = 0, 10
while a < 5 and b > 5 or a == 100 do a = a + 1; b = b - 1 end
print(a, b)
-- and/or value semantics
print(nil and nil, false and nil, 0 or 1, nil or "d", false or false, 1 and 2 or 3, nil and 2 or 3, false == nil)
local x = nil
local y = x and x.field or "default"
print(y)
local cond = (1 > 2) or (2 > 1) and "yes"
print(cond)
print(not 1 == 2, not (1 == 2), #"ab" == 2 and "len2")
-- comparisons produce booleans in expressions
local r1, r2, r3 = 1 < 2, 2 <= 1, "a" ~= "b"
print(r1, r2, r3)
local mixed = {1 == 1, 1 ~= 1, nil == false}
print(mixed[1], mixed[2], mixed[3])
-- string comparison with bytes
print("\0" < "\1", "a\0b" < "a\0c", "\255" > "a", "abc" < "abcd", "" == "", "a\0" == "a")
print(#"a\0b\0", ("x\0y"):len())
-- multiple assignment with calls and table fields
local obj = {}
obj.a, obj.b, obj.c = three()
print(obj.a, obj.b, obj.c)
local p, q, r, s = 1, three()
print(p, q, r, s)
local u, v = three(), 10
print(u, v)
-- swap via table fields
local sw = {1, 2}
sw[1], sw[2] = sw[2], sw[1]
print(sw[1], sw[2])
local i = 1
local arr = {10, 20, 30}
i, arr[i] = i + 1, 99
print(i, arr[1], arr[2])
-- nested table access and assignment chains
local deep = {a = {b = {c = {d = "deep"}}}}
print(deep.a.b.c.d, deep["a"]["b"].c["d"])
deep.a.b.c.d = "changed"
print(deep.a.b.c.d)
-- function definitions with upvalues inside tables
local M = {}
do
  local private = 0
  function M.inc() private = private + 1 return private end
  function M.get() return private end
end
M.inc(); M.inc()
print(M.get())
-- long string with various levels and nested brackets
print([[a]b]], [=[x]]y]=], [==[
first newline skipped]==])
-- comment at end without newline works
print(#[[

two newlines]])
-- string escapes in long form not processed
print([[\n\t]])
-- numbers in various forms
print(0xA, 0Xa, 1E1, 1e+1, 1e-1, .1e1, 3., 0x7fffffff, 0xffffffff)
-- operators on large numbers
print(2^31, 2^32 + 1, -2^31, 2^52 + 0.5, 1e15 + 0.3)
-- method call on number literal via parentheses
print(("%d"):rep(2))
-- string methods through metatable
local str = "Hello"
print(str:len(), str:upper(), str:sub(2, 3), ("x"):byte())
-- recursive data structure printing
local function ser(v, depth)
  depth = depth or 0
  if type(v) ~= "table" then return tostring(v) end
  if depth > 3 then return "..." end
  local keys = {}
  for kk in pairs(v) do keys[#keys + 1] = kk end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, kk in ipairs(keys) do parts[#parts + 1] = tostring(kk) .. "=" .. ser(v[kk], depth + 1) end
  return "{" .. table.concat(parts, ",") .. "}"
end
local cyc = {name = "root", list = {1, 2, {3}}}
cyc.self = cyc
print(ser(cyc))
-- closures in nested loops capture the right variables
local fns = {}
for ii = 1, 3 do
  for jj = 1, 2 do
    fns[#fns + 1] = function() return ii * 10 + jj end
  end
end
local outs = {}
for _, f in ipairs(fns) do outs[#outs + 1] = f() end
print(table.concat(outs, " "))
-- upvalues shared between sibling closures created in a loop iteration
local getters, setters = {}, {}
for ii = 1, 2 do
  local val = ii
  getters[ii] = function() return val end
  setters[ii] = function(nv) val = nv end
end
setters[1](100)
print(getters[1](), getters[2]())
-- generic for with custom iterator and state
local function iter(st, ctl)
  if ctl < st then return ctl + 1, ctl * ctl end
end
for a1, b1 in iter, 4, 0 do io = nil; print(a1, b1) end
-- generic for with extra vars beyond returned values
for a1, b1, c1 in pairs({x = 1}) do print(a1, b1, c1) end
-- semicolon field separators and trailing separators
local sep = {1; 2; 3,}
print(#sep)
-- unary minus on strings
print(-"3", - -2, -(-2))
-- concatenation of numbers formats with %.14g
print(1/3 .. "", 100 .. "", 1e100 .. "", -0.0 .. "")
-- very long concatenation chain
local parts = {}
for n = 1, 100 do parts[n] = "p" .. n end
print(#table.concat(parts))
-- select with negative index
print(select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
-- table.insert/remove at positions
local tl = {"a", "b", "c"}
table.insert(tl, 1, "start")
table.remove(tl, 2)
print(table.concat(tl, ","))
print(table.remove(tl, #tl), table.concat(tl, ","))
-- tostring(-nan) and comparisons with nan
local nan = 0/0
print(nan == nan, nan < 1, nan > 1, nan ~= nan)
local nt = {}
print(pcall(function() nt[nan] = 1 end))
print(nt[nan])
