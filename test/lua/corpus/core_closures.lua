-- closures and upvalues
local function counter()
  local c = 0
  return function() c = c + 1 return c end, function() return c end
end
local inc, get = counter()
inc(); inc()
print(get(), inc(), get())
local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
print(fs[1](), fs[3](), fs[5]())
local gs = {}
for _, v in ipairs({"a", "b", "c"}) do gs[#gs + 1] = function() return v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 0
while j < 3 do j = j + 1; local k = j * 10; hs[j] = function() k = k + 1; return k end end
print(hs[1](), hs[1](), hs[2](), hs[3]())
-- shared upvalue between closures
local function pair()
  local v = 0
  local function set(x) v = x end
  local function get() return v end
  return set, get
end
local set, get2 = pair()
set(42)
print(get2())
-- nested upvalues (3 levels)
local function outer()
  local x = 1
  return function()
    local y = 2
    return function()
      x = x + 1; y = y + 1
      return x + y
    end
  end
end
local mid = outer()
local inner1, inner2 = mid(), mid()
print(inner1(), inner1(), inner2(), inner1())
-- upvalue captured in loop with break
local caps = {}
for i = 1, 10 do
  local z = i
  caps[#caps + 1] = function() return z end
  if i == 3 then break end
end
print(#caps, caps[1](), caps[3]())
-- repeat-until sees body locals
local n = 0
repeat local m = n; n = n + 1 until m >= 2
print(n)
-- recursive local function
local function fib(x) if x < 2 then return x end return fib(x - 1) + fib(x - 2) end
print(fib(20))
-- closures capturing parameters
local function adder(a) return function(b) a = a + b; return a end end
local ad = adder(10)
print(ad(1), ad(2))
-- varargs in closures
local function bind(f, ...)
  local args = {...}
  local n = select('#', ...)
  return function(...) 
    local all = {}
    for i = 1, n do all[i] = args[i] end
    local m = select('#', ...)
    for i = 1, m do all[n + i] = select(i, ...) end
    return f(unpack(all, 1, n + m))
  end
end
print(bind(math.max, 3, 9)(4, 7))
print(bind(select, '#')(nil, nil, nil))
-- local function vs local f = function (recursion visibility)
local function r1(k) if k == 0 then return "done" end return r1(k - 1) end
print(r1(5))
local r2 = function(k) return k end
print(r2(7))
-- shadowing
local sh = 1
do local sh = 2; print(sh) end
print(sh)
local sh = sh + 10
print(sh)
-- same upvalue modified through two closures in a loop iteration
for i = 1, 2 do
  local acc = 0
  local function add(x) acc = acc + x end
  local function val() return acc end
  add(i); add(i)
  print(i, val())
end
-- multiple assignment evaluation order
local aa = {1, 2, 3}
local ii = 1
ii, aa[ii] = ii + 1, 20
print(ii, aa[1], aa[2])
local p, q = 1, 2
p, q = q, p
print(p, q)
local u1, u2, u3 = (function() return 1, 2, 3 end)()
print(u1, u2, u3)
local function f(...) return arg end
local t = f(1, nil, 3)
print(type(t), t.n, t[1], t[2], t[3], #t)
local function g(...) local a = ... return arg end
print(g(1, 2))
local function h(a, ...) return arg.n, arg[1] end
print(h(1, 2, 3))
local function k(...) return function() return arg end end
print(type(k(1)()))
local function m(...) arg = 5 return arg end
print(m())
