-- basic syntax, assignment, multiple returns, varargs
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = {}
t.x, t.y, t[1] = 10, 20, 30, 40
print(t.x, t.y, t[1])
local function mr() return 1, 2, 3 end
print(mr())
print((mr()))
print(mr(), 10)
print(({mr()})[3], #{mr(), mr()})
local x, y, z, w = mr()
print(x, y, z, w)
local function va(...)
  local n = select('#', ...)
  return n, ...
end
print(va())
print(va(nil, nil))
print(va(1, nil, 3))
local function va2(a, ...) local t = {...} return a, #t, ... end
print(va2(1, 2, 3))
print(select(2, va2(5)))
-- long strings and comments
local ls = [[
line1
line2]]
print(ls)
print([==[a]]b]=]c]==])
--[[ block
comment ]] print("after comment")
--[==[ another
]] still comment ]==] print("after level comment")
-- escapes
print("tab\tnl\\n \"q\" \'s\' \65\066\0671 \x", "a\
b")
print(#"\0\1\2", ("\255"):byte())
print('\97\98\99', "\z")
-- numbers
print(0x10, 0xff, 1e2, .5, 5., 3e-2, 0X1F)
print(2^10, 10 % 3, -10 % 3, 10 % -3, 5.5 % 2, -2^2)
print(7 / 2, 1 / 0, -1 / 0, 2^0.5)
print(1 == 1.0, "1" == 1, 1 < 2, "a" < "b", "Z" < "a", "abc" < "abd", "" < "a")
-- precedence
print(1 + 2 * 3 ^ 2, (1 + 2) * 3, not nil == true, not 1 == nil)
print(2 ^ 3 ^ 2, -3 ^ 2, 1 .. 2 .. 3, "a" .. 1 + 2)
print(1 < 2 and 2 < 3, nil or false, false or nil, 1 and nil, nil and 1, 0 and "zero")
print(#"abc" + 1, -(-3), not not nil)
-- while / repeat / for
local i = 0
while i < 3 do i = i + 1 end
print(i)
repeat local j = i; i = i - 1 until j <= 1
print(i)
for k = 1, 3 do io = nil end
for k = 10, 1, -3 do print(k) end
for k = 1, 0 do print("never") end
for k = 1.5, 3 do print(k) end
for k = "1", "2" do print(k) end
local s = 0
for k = 1, 100 do if k % 2 == 0 then s = s + k elseif k % 3 == 0 then s = s - 1 else s = s + 0 end end
print(s)
for q = 1, 10 do if q > 3 then break end print("q", q) end
while true do break end
do local dd = 5; print(dd) end
print(dd)
-- semicolons and calls without parens
local function id(x) return x end
print(id"str", id{1}[1], id[[long]]);
print("semis");
-- method definitions
local obj = {v = 1}
function obj:inc(n) self.v = self.v + (n or 1) return self end
function obj.get(self) return self.v end
obj:inc():inc(5)
print(obj:get(), obj.get(obj))
local deep = {a = {b = {c = {}}}}
function deep.a.b.c.f(x) return x * 2 end
function deep.a.b.c:m(x) return self == deep.a.b.c, x end
print(deep.a.b.c.f(21), deep.a.b.c:m(3))
-- nested functions and recursion
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(25))
-- table constructors
local tc = {1, 2, 3, n = "x", [10] = 10, ["k"] = "v"; 4, 5}
print(#tc, tc.n, tc[10], tc.k, tc[4], tc[5])
local t2 = {[1] = "a", "b"}
print(t2[1])
local t3 = {mr(), mr()}
print(#t3, t3[1], t3[2], t3[4])
local t4 = {mr(), (mr())}
print(#t4)
local t5 = {nil, nil, 3}
print(#t5)
local t6 = {1, nil}
print(#t6)
local big = {}
for q = 1, 200 do big[q] = q end
local big2 = {unpack(big)}
print(#big2, big2[200])
print(#{n = 1}, #{})
