print(type(nil), type(1), type("s"), type({}), type(print), type(type), type(true), type(coroutine.create(function() end)))
print(tostring(nil), tostring(true), tostring(12), tostring("x"), tostring(-0.5))
print(_VERSION, _G._G == _G, _G.print == print)
local t = {10, 20, 30, nil, 50}
print(select('#', unpack(t)), unpack(t, 2, 3))
print(unpack({1, 2, 3}, 2), unpack({}, 1, 0), unpack({1, 2}, -1, 1))
print(select('#', unpack({}, 1, 3)))
print(select(1, "a", "b"), select(3, "a", "b"), select('#'), select(-2, "a", "b", "c"))
print(rawequal(t, t), rawequal(t, {}), rawequal(1, 1.0), rawequal("a", "a"))
print(rawget({x = 1}, "x"), rawget(setmetatable({}, {__index = {y = 1}}), "y"))
local rs = rawset({}, "k", "v")
print(rs.k)
print(next({}), next({5}), next({a = 1}))
local keys = {}
for k, v in pairs({1, 2, 3, a = "x"}) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
for i, v in ipairs({1, 2, nil, 4}) do print("ipairs", i, v) end
-- modifying table while iterating (clearing fields is allowed)
local m = {a = 1, b = 2, c = 3, d = 4, 1, 2, 3}
for k in pairs(m) do m[k] = nil end
print(next(m))
local cnt = 0
local big = {}
for i = 1, 1000 do big["k" .. i] = i end
for k, v in pairs(big) do cnt = cnt + v; big[k] = nil end
print(cnt, next(big))
-- getmetatable / setmetatable
local mt = {}
local o = setmetatable({}, mt)
print(getmetatable(o) == mt, getmetatable({}), getmetatable("abc").__index == string, getmetatable(1))
print(setmetatable(o, nil) == o, getmetatable(o))
-- # operator
print(#{}, #{1, 2, 3}, #"hello", #{n = 3})
local arr = {}
for i = 1, 10 do arr[i] = i end
arr[10] = nil
print(#arr)
arr[5] = nil
print(arr[4], arr[5], arr[6])
-- gcinfo / collectgarbage
print(type(gcinfo()), type(collectgarbage("count")), collectgarbage(), collectgarbage("collect"), collectgarbage("step"))
print(pcall(collectgarbage, "bogus"))
-- tostring of special numbers
print(tostring(1e300 * 1e10), tostring(-1e300 * 1e10))
-- assert returns its arguments
print(assert(1, 2, 3))
print(select('#', assert(true)))
-- string coercion in concat
print(1 .. "", 1.5 .. "|", -0.0 .. "", 2^63 .. "")
-- print with embedded zeros and high bytes
print("a\0b", "\200\255")
-- table functions
local tt = {}
table.insert(tt, "a"); table.insert(tt, "c"); table.insert(tt, 2, "b"); table.insert(tt, 1, "z")
print(table.concat(tt, ","), #tt)
print(table.remove(tt), table.remove(tt, 1), table.concat(tt, ","))
print(table.remove({}), #tt)
table.insert(tt, 10, "far")
print(tt[10], #tt)
print(table.concat({1, 2, 3}, ", ", 2, 3), table.concat({}, "x"), table.concat({"a"}, "x", 1, 1), table.concat({1, 2}, "", 3))
print(table.getn({1, 2}), table.maxn({1, 2, [10] = 1, [3.5] = 2}), table.maxn({}))
print(pcall(table.setn, {}, 1))
local sorted = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(sorted)
print(table.concat(sorted, " "))
table.sort(sorted, function(a, b) return a > b end)
print(table.concat(sorted, " "))
local words = {"pear", "apple", "fig", "banana", "kiwi"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a < #b end)
print(table.concat(words, " "))
local recs = {}
for i = 1, 50 do recs[i] = {k = (i * 37) % 11, i = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local o2 = {}
for i = 1, 50 do o2[i] = recs[i].k .. ":" .. recs[i].i end
print(table.concat(o2, " "))
print(pcall(table.sort, {3, 1, 2}, function(a, b) return true end))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {1, 2, 3}, 1))
local many = {}
for i = 1, 200 do many[i] = (i * 7919) % 1000 end
table.sort(many)
local okk = true
for i = 2, 200 do if many[i - 1] > many[i] then okk = false end end
print(okk, many[1], many[200])
table.foreach({a = 1}, print)
table.foreachi({"x", "y"}, print)
-- math.random determinism (Redis generator vs libc rand differ, so only ranges)
local r = math.random(1, 10)
print(r >= 1 and r <= 10, math.random(5) <= 5)
-- os.clock exists
print(type(os.clock()))
