-- compiler limits and deep nesting (messages as lua5.1)
local args = {}
for i = 1, 300 do args[i] = tostring(i) end
print(loadstring("return string.char(" .. table.concat(args, ", ") .. ")"))
print(type(loadstring("return {" .. table.concat(args, ", ") .. "}")))
print(loadstring("local a = 1\nreturn f(" .. table.concat(args, ", ") .. ")"))
local locs = {}
for i = 1, 210 do locs[i] = "local v" .. i .. " = " .. i end
print(loadstring(table.concat(locs, "\n")))
print(loadstring("local function f()\n" .. table.concat(locs, "\n") .. "\nend"))
-- a 300-element table constructor works and has the right length
local f = loadstring("return {" .. table.concat(args, ", ") .. "}")
print(#f(), f()[300])
-- 150-level nested parentheses are fine, 300 are too deep
local function nest(n) return string.rep("(", n) .. "1" .. string.rep(")", n) end
print(loadstring("return " .. nest(150))())
print(loadstring("return " .. nest(300)))
-- deeply nested tables (100 levels) and functions
local src = "return " .. string.rep("{", 100) .. string.rep("}", 100)
local t = loadstring(src)()
local d = 0
while t[1] do t = t[1]; d = d + 1 end
print(d)
local fsrc = "return " .. string.rep("function() return ", 50) .. "42" .. string.rep(" end", 50)
local g = loadstring(fsrc)()
for i = 1, 49 do g = g() end
print(g())
-- deep recursion is a clean error
local function rec(n) return rec(n + 1) + 1 end
local ok, e = pcall(rec, 1)
print(ok, e)
local depth = 0
local function rec2() depth = depth + 1; rec2() end
print(pcall(rec2))
print(depth > 1000)
-- C stack overflow through metamethods
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
local ok2, e2 = pcall(function() return setmetatable({}, mt).a end)
print(ok2, e2)
-- long string and long concatenation
local s = string.rep("abc", 100000)
print(#s, #(s .. s))
local parts = {}
for i = 1, 10000 do parts[#parts + 1] = i end
print(#table.concat(parts, ","))
local src = "local x = 2 return x" .. string.rep(" + 1", 100000)
print(loadstring(src)())
local src2 = "local x = 2 return 1" .. string.rep(" * x", 50) .. string.rep(" - x", 100)
print(loadstring(src2)())
local src3 = "local y return 1" .. string.rep(" + 1", 100) .. " + y"
print(pcall(loadstring(src3)))
