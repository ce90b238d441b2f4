-- string library: pattern matching (find, match, gmatch, gsub) incl. edge cases and errors
local function show(...)
  local n = select('#', ...)
  local t = {}
  for i = 1, n do
    local v = select(i, ...)
    if type(v) == 'string' then t[#t + 1] = string.format('%q', v) else t[#t + 1] = tostring(v) end
  end
  print(table.concat(t, ' '))
end

local subjects = { 'hello world', '  key = value  ', 'THE (quick) fox', 'a,b,,c', 'f(a(b)c)d', '', 'x', 'aaa', 'abc123def', 'The  end.' }
local patterns = { 'o', 'l+', 'l*', 'l-', 'l?', '%a+', '%A+', '%d+', '%D', '%l+', '%u+', '%s+', '%S+', '%w+', '%W', '%p', '%x+',
  '^h', '^%s*(.-)%s*$', '(%w+)=(%w+)', '%s*(%w+)%s*=%s*(%w+)', '()ll()', '(l)(l)', '%b()', '%f[%w]%w+', '%f[%W]', '[aeiou]',
  '[^aeiou]+', '[a-f]+', '[%a_][%w_]*', '[]]', '[^]]+', '[a-]+', '.-', '.', '.+$', '$', '^$', 'x*', '(a*(.)%w(%s*))', '(.)%1',
  'a.-b', '[%d%.]+', '%.', '%%', '.-$', 'o()', '((o))', '[%s%p]+', '%w-%d' }

for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    show(s, p, string.find(s, p))
    show(string.match(s, p))
    show(string.gsub(s, p, '<%0>'))
    local parts = {}
    for a, b in string.gmatch(s, p) do parts[#parts + 1] = tostring(a) .. ':' .. tostring(b) end
    print(table.concat(parts, ','))
  end
end

-- init positions and plain find
show(string.find('hello', 'l', 4), string.find('hello', 'l', -2), string.find('hello', 'l', -100))
show(string.find('hello', 'l', 100), string.find('hello', '', 10), string.find('hello', '', 6))
show(string.find('a.b', '.', 1, true), string.find('a+b', '+', 1, true), string.find('a+b', 'a+', 1, true))
show(string.find('a\0b', '\0b'), string.find('abc', 'b\0zzz'), string.match('abc', 'b\0zzz'))
show(string.match('hello', '(h)(e)', 2), string.match('hello', '.', -1), string.match('  x', '^%s*()'))

-- gsub with replacement kinds
show(string.gsub('hello world', '(o)', '[%1]'))
show(string.gsub('hello', '()', '%1'))
show(string.gsub('abc', '', '-'))
show(string.gsub('abc', '', '-', 2))
show(string.gsub('abc', '^', '-'))
show(string.gsub('aaa', 'a', 'b', 0))
show(string.gsub('aaa', 'a', 'b', 2.7))
show(string.gsub('one two three', '(%w+)', string.upper))
show(pcall(string.gsub, 'one two three', '%w+', { one = 1, two = true, three = false }))
show(string.gsub('one two three', '%w+', { one = 1, two = 'II', three = false }))
show(string.gsub('$name is $age', '%$(%w+)', { name = 'bob', age = 42 }))
show(string.gsub('abc', '%w', function(c) if c == 'b' then return nil end return c .. c end))
show(string.gsub('x = 1, y = 2', '(%w+) = (%w+)', '%2 = %1'))
show(string.gsub('abc', 'b', '%%'))
show(string.gsub('hello', 'l+', 12))
show(string.gsub('a b', '%s', 0.5))
show(('hello'):gsub('l', 'L'))
show(('%d'):rep(3), ('abc'):upper(), ('x'):byte())

-- error cases
local bad = { '%', '[a', '[a%', '[^', '(a', 'a)', '%1', '(a)%2', '(a%1)', '%b', '%ba', '%f', '%fa', '%0' }
for _, p in ipairs(bad) do show(p, pcall(string.find, 'abc', p)) end
show(pcall(string.gsub, 'abc', '%w', '%2'))
show(pcall(string.gsub, 'abc', '(%w)', '%2'))
show(pcall(string.gsub, 'abc', '%w', {}))
show(pcall(string.gsub, 'abc', '%w', function() return {} end))
show(pcall(string.gsub, 'abc', '%w'))
show(pcall(string.rep))
show(pcall(string.find, 'abc', '(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))'))

-- a longer text workload
local words = {}
for i = 1, 200 do words[#words + 1] = 'word' .. i end
local text = table.concat(words, ' ')
local count = 0
for w in text:gmatch('%a+(%d+)') do count = count + tonumber(w) end
print(count, #text:gsub('%d', ''), select(2, text:gsub('word', 'W')))
