local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) if type(b) == "number" then return vec(a.x * b, a.y * b) end return a.x * b.x + a.y * b.y end
V.__div = function(a, b) return vec(a.x / b, a.y / b) end
V.__mod = function(a, b) return vec(a.x % b, a.y % b) end
V.__pow = function(a, b) return vec(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__concat = function(a, b)
  local function s(v) if type(v) == "table" then return "(" .. v.x .. "," .. v.y .. ")" end return tostring(v) end
  return s(a) .. s(b)
end
V.__tostring = function(v) return "vec(" .. v.x .. ", " .. v.y .. ")" end
V.__call = function(self, k) return self[k] end
V.__len = function() return 99 end
function V:norm2() return self.x * self.x + self.y * self.y end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(a * 2), tostring(b / 2))
print(tostring(b % 2), tostring(a ^ 2), tostring(-a))
print(a == b, a == vec(1, 2), a ~= vec(1, 2), a < b, a <= b, a > b, a >= b)
print(a .. b, a .. "!", "!" .. a, 1 .. a)
print(a("x"), a("y"), a:norm2(), #a)
print(rawequal(a, vec(1, 2)), rawlen)
-- __index function and chain
local base = {greet = function() return "hi" end}
local mid = setmetatable({}, {__index = base})
local obj = setmetatable({}, {__index = mid})
print(obj.greet(), obj.nothing)
local calls = 0
local lazy = setmetatable({}, {__index = function(t, k) calls = calls + 1; rawset(t, k, k .. k); return k .. "?" end})
print(lazy.a, lazy.a, lazy.b, calls)
-- __newindex table and function
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.x = 1
print(rawget(proxy, "x"), store.x)
local log = {}
local watched = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
watched.a = 1; watched.a = 2; watched.b = 3
print(table.concat(log, " "), watched.a)
-- __eq only for same metamethod
local e1 = setmetatable({}, {__eq = function() return true end})
local e2 = setmetatable({}, {__eq = function() return true end})
local mtq = {__eq = function() return true end}
local e3, e4 = setmetatable({}, mtq), setmetatable({}, mtq)
print(e1 == e2, e3 == e4, e3 == {}, e3 ~= e4)
-- __le falls back to not __lt(b, a)
local L = {__lt = function(a, b) return a.v < b.v end}
local l1, l2 = setmetatable({v = 1}, L), setmetatable({v = 2}, L)
print(l1 <= l2, l2 <= l1, l1 < l2)
-- __metatable protection
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), pcall(setmetatable, prot, {}))
-- arithmetic coercion of strings
print("10" + 5, "3" * "4", 10 .. "", "0x10" + 0, " 5 " * 2, "1e1" / 2, -"2")
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} .. "x" end))
-- __concat with numbers on the left
local C = setmetatable({}, {__concat = function(a, b) return "C" end})
print(1 .. C, C .. 1, "x" .. C .. "y")
-- __unm and __len on tables (len ignored for tables in 5.1)
local t = setmetatable({1, 2, 3}, {__len = function() return 0 end})
print(#t)
-- __index on strings via string metatable
print(("abc"):upper(), ("x"):rep(3), #("abc"):rep(2))
local smt = getmetatable("")
print(type(smt), smt.__index == string)
-- __call with varargs
local cv = setmetatable({}, {__call = function(self, ...) return select('#', ...), ... end})
print(cv(1, nil, 3))
-- tostring on tables with __tostring returning non-string
local bad = setmetatable({}, {__tostring = function() return 42 end})
print(tostring(bad))
-- __index with rawget/rawset bypass
local rg = setmetatable({}, {__index = function() return "meta" end, __newindex = function() error("no") end})
rawset(rg, "k", "raw")
print(rg.k, rawget(rg, "zz"), rg.zz)
-- inheritance
local Animal = {}
Animal.__index = Animal
function Animal.new(name) return setmetatable({name = name}, Animal) end
function Animal:speak() return self.name .. " makes a sound" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name); return setmetatable(d, Dog) end
function Dog:speak() return self.name .. " barks; " .. Animal.speak(self) end
print(Dog.new("rex"):speak())
print(getmetatable(Dog.new("x")) == Dog)
