-- expect-error: an uncaught runtime error ends the chunk with lua5.1's message
print("before")
local t = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(t[21])
local x = t.name
print("not reached")
