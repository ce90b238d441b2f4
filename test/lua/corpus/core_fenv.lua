print(getfenv() == _G, getfenv(0) == _G, getfenv(1) == _G, getfenv(print) == _G)
local function f() return x end
local env = {x = 42}
print(setfenv(f, env) == f, f(), getfenv(f) == env)
local g = function() y = 5; return y end
setfenv(g, {})
print(g(), y)
print(pcall(setfenv, print, {}))
print(pcall(getfenv, 100))
print(pcall(setfenv, 1, 2))
local function lvl() setfenv(1, {print = print, tostring = tostring}); print(tostring(_G)) end
lvl()
print(type(load(function() return nil end)))
local parts = {"return ", "1 + ", "2"}
local i = 0
print(load(function() i = i + 1; return parts[i] end)())

print(type(load(function() return nil end, "=named")))
print(pcall(load))
