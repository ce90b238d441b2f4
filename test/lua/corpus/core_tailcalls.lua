-- proper tail calls: deep tail recursion must not overflow
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100001))
local function tc(n, ...) if n == 0 then return select('#', ...), ... end return tc(n - 1, ...) end
print(tc(50000, 1, 2, 3))
local obj = {n = 0}
function obj:count(k) if k == 0 then return self.n end self.n = self.n + 1 return self:count(k - 1) end
print(obj:count(30000))
-- tail call to a builtin
local function tb(...) return select('#', ...) end
local function t2(...) return tb(...) end
print(t2(1, 2, nil))
local function tmax(...) return math.max(...) end
print(tmax(3, 1, 2))
-- tail call through __call
local callable = setmetatable({}, {__call = function(self, x) return x * 2 end})
local function viacall(x) return callable(x) end
print(viacall(21))
-- non tail (wrapped in parens) still works for small depth
local function nt(n) if n == 0 then return 0 end return (nt(n - 1)) end
print(nt(100))
