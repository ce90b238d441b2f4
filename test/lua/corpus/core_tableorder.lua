-- pairs/next order and # on tables with holes must match Lua 5.1's table layout
local function keys(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
  return table.concat(out, " ")
end
print(keys({a = 1, b = 2, c = 3, d = 4, e = 5}))
print(keys({x = 1, y = 2, z = 3, [1] = "one", [2] = "two", [10] = "ten"}))
print(keys({1, 2, 3, nil, 5, n = 5}))
local t = {}
for i = 1, 20 do t["key" .. i] = i end
print(keys(t))
local u = {}
for i = 20, 1, -1 do u[i * 3] = i end
print(keys(u))
local m = {}
m.name = "x"; m.id = 7; m.tags = "a"; m[1] = 1; m[2] = 2; m[3.5] = "f"; m[true] = "T"; m[false] = "F"; m[-1] = "neg"; m[0] = "zero"
print(keys(m))
local del = {a = 1, b = 2, c = 3, d = 4}
del.b = nil
del.e = 5
print(keys(del))
local grow = {}
for i = 1, 100 do grow[i] = i end
for i = 1, 100, 2 do grow[i] = nil end
print(#grow, keys(grow):sub(1, 60))
local holes = {1, 2, nil, 4}
print(#holes)
local h2 = {}
h2[1] = 1; h2[2] = 2; h2[4] = 4
print(#h2)
local h3 = {nil, nil, 3}
print(#h3)
local h4 = {1, 2, 3, 4, 5, 6, 7, 8}
h4[8] = nil; h4[4] = nil
print(#h4)
local h5 = {}
for i = 1, 10 do h5[i] = i end
h5[5] = nil
print(#h5)
h5[10] = nil; h5[9] = nil
print(#h5)
local h6 = {n = 1, 1, 2, [5] = 5}
print(#h6, keys(h6))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog again and again"):gmatch("%a+") do words[w] = (words[w] or 0) + 1 end
print(keys(words))
local nums = {}
for i = 1, 30 do nums[i * 1.5] = i end
print(keys(nums))
local mixed = {10, 20, 30, alpha = "a", beta = "b", [100] = "h", [-5] = "m", gamma = "g"}
print(keys(mixed))
-- next after clearing during traversal
local c = {a = 1, b = 2, c = 3, d = 4, e = 5, f = 6}
for k in pairs(c) do if k == "c" or k == "e" then c[k] = nil end end
print(keys(c))
-- unpack and select on holes
print(select('#', unpack({1, nil, 3})))
local big = {}
for i = 1, 1000 do big["k" .. (i * 7919 % 1000)] = i end
local cnt, first = 0, nil
for k, v in pairs(big) do cnt = cnt + 1; if cnt <= 5 then first = (first or "") .. k .. " " end end
print(cnt, first)
-- table.insert / remove interplay with holes
local tl = {}
tl[1] = "a"; tl[3] = "c"
table.insert(tl, "x")
print(#tl, keys(tl))
-- tables as keys keep working (order for those is arbitrary, only count)
local tk = {}
for i = 1, 10 do tk[{}] = i end
local n = 0
for _ in pairs(tk) do n = n + 1 end
print(n)
