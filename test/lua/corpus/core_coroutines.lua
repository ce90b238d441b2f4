local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c, d = coroutine.yield(a + b)
  print("resumed", c, d)
  local e = coroutine.yield(c * d)
  print("again", e)
  return "end", 1, 2
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
-- generators with wrap
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for i in range(10) do s = s + i end
print(s)
local gen = coroutine.wrap(function(x) while true do x = coroutine.yield(x * 2) end end)
print(gen(1), gen(2), gen(3))
-- running / status inside
local main = coroutine.running()
print(main)
local co2
co2 = coroutine.create(function()
  print(coroutine.status(co2), coroutine.running() == co2)
  local inner = coroutine.create(function() print("outer status", coroutine.status(co2)) end)
  coroutine.resume(inner)
end)
coroutine.resume(co2)
print(coroutine.status(co2))
-- yield from nested Lua calls
local function deep(n) if n == 0 then coroutine.yield("bottom") return "up" end return deep(n - 1) end
local co3 = coroutine.create(function() return deep(50) end)
print(coroutine.resume(co3))
print(coroutine.resume(co3))
-- errors
print(coroutine.resume(coroutine.create(function() error("oops") end)))
print(select("#", coroutine.resume(coroutine.create(function() error({}) end))))
print(pcall(coroutine.wrap(function() error("wrapped") end)))
print(type(select(2, pcall(coroutine.wrap(function() error({code = 1}) end)))))
local w = coroutine.wrap(function() return 1 end)
w()
print(pcall(w))
print(pcall(coroutine.yield, 1))
print(pcall(coroutine.create, print))
print(pcall(coroutine.resume, 1))
print(select('#', coroutine.resume(coroutine.create(function() end))))
print(coroutine.resume(coroutine.create(function(...) return select('#', ...), ... end), nil, nil))
-- yield inside pcall inside coroutine
local co4 = coroutine.create(function()
  local ok, v = pcall(function() local r = coroutine.yield("in pcall"); error("after " .. r) end)
  coroutine.yield(ok, v)
  return "finished"
end)
print(coroutine.resume(co4))
print(coroutine.resume(co4, "resume1"))
print(coroutine.resume(co4))
-- resume self / non-suspended
local selfco
selfco = coroutine.create(function() return coroutine.resume(selfco) end)
print(coroutine.resume(selfco))
-- producer / consumer
local function producer()
  return coroutine.create(function()
    for _, v in ipairs({"a", "b", "c"}) do coroutine.yield(v) end
    return nil
  end)
end
local p = producer()
local out = {}
while true do
  local ok, v = coroutine.resume(p)
  if not v then break end
  out[#out + 1] = v
end
print(table.concat(out, ","), coroutine.status(p))
-- many coroutines
local cs = {}
for i = 1, 100 do cs[i] = coroutine.wrap(function() local x = i; while true do coroutine.yield(x); x = x + 100 end end) end
local tot = 0
for r = 1, 3 do for i = 1, 100 do tot = tot + cs[i]() end end
print(tot)
-- yield across metamethod is an error in 5.1
local mtco = coroutine.create(function()
  local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
  return t.foo
end)
print(coroutine.resume(mtco))
-- table.sort comparator cannot yield
local sco = coroutine.create(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
print(coroutine.resume(sco))
-- wrap inside generic for with multiple values
local function pairsgen(t)
  return coroutine.wrap(function() for k, v in pairs(t) do coroutine.yield(k, v) end end)
end
local cnt = 0
for k, v in pairsgen({x = 1, y = 2, 10, 20}) do cnt = cnt + v end
print(cnt)
