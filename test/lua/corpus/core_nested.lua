-- errors and control flow across nested VM loops (metamethods, sort, host callbacks)
local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return t.abc end))
local t2 = setmetatable({}, {__index = function(t, k) local ok, e = pcall(error, "inner " .. k) return e end})
print(t2.q)
local t3 = setmetatable({}, {__add = function(a, b)
  local co = coroutine.create(function(x) coroutine.yield(x * 2) return x * 3 end)
  local _, v1 = coroutine.resume(co, 5)
  local _, v2 = coroutine.resume(co)
  return v1 + v2
end})
print(t3 + 1)
print(xpcall(function() error("a") end, function(m) return "handled " .. m end))
print(xpcall(function() error("a") end, function(m) error("b") end))
print(pcall(xpcall))
print(xpcall(function() return "ok", 2 end, error))
local depth = 0
local mt = {}
mt.__index = function(t, k) depth = depth + 1; if depth < 50 then return setmetatable({}, mt)[k] end return depth end
print(setmetatable({}, mt).x)
-- sort comparator errors propagate with position
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp fail") end))
print(pcall(table.sort, {3, 2, 1}, function(a, b) return a.x < b end))
-- error objects through nested loops keep identity
local E = {}
local ok, e = pcall(function() local x = setmetatable({}, {__index = function() error(E) end}) return x.y end)
print(ok, e == E)
-- tostring calls __tostring inside nested loop; errors propagate
print(pcall(tostring, setmetatable({}, {__tostring = function() error("ts fail") end})))
-- __eq, __lt, __le, __concat errors inside metamethods
local bad = setmetatable({}, {__lt = function() error("lt fail") end, __concat = function() return nil .. 1 end})
print(pcall(function() return bad < bad end))
print(pcall(function() return bad .. "x" end))
-- __newindex chain with functions and tables
local log = {}
local inner = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
local outer = setmetatable({}, {__newindex = inner})
outer.a = 1; outer.b = 2
print(table.concat(log, ","), rawget(outer, "a"), inner.a)
-- __call chain
local callme = setmetatable({}, {__call = function(self, a, b) return a + b end})
print(callme(2, 3), pcall(callme, 1, 2))
print(pcall(setmetatable({}, {__call = 5})))
-- generic for with a table __call iterator
local iter = setmetatable({n = 0}, {__call = function(self, st, c) self.n = self.n + 1; if self.n <= 3 then return self.n end end})
for i in iter do io = nil; print("it", i) end
-- coroutine.wrap iterator inside pcall inside coroutine
local co = coroutine.create(function()
  local acc = {}
  for v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) do acc[#acc + 1] = v end
  coroutine.yield(table.concat(acc, "+"))
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
-- errors thrown inside a coroutine resumed from a metamethod
local cm = setmetatable({}, {__index = function(t, k) return coroutine.resume(coroutine.create(function() error("co err " .. k) end)) end})
print(cm.zz)
-- deep pcall nesting
local function nestp(n) if n == 0 then error("bottom") end return pcall(nestp, n - 1) end
print(nestp(100))
