-- string library: string.format directives, flags, widths, precisions, errors
local nums = { 0, 1, -1, 42, 3.14159, -2.5, 0.5, 1.5, 2.5, 1e15, 1e16, 123456789012345, 1e100, 1e-5, 1e-10, 0.1, 1/3, 2^53, 2^63,
  -2^63, 2^64, 1e300, -1e300, 255, 65.9, 5e-324, 1.7976931348623157e308, 1/0, -1/0, 1.125, 0.125, 100, 99.5, 9.5, 0.05, 1e21, 12345.678 }
local specs = { '%d', '%i', '%5d', '%-5d|', '%05d', '%+d', '% d', '%.3d', '%x', '%X', '%#x', '%o', '%#o', '%u', '%c', '%e', '%E', '%.0e',
  '%.3e', '%#.0e', '%f', '%.0f', '%.1f', '%.2f', '%10.3f', '%-10.2f|', '%+.1f', '%#.0f', '%g', '%G', '%.3g', '%.10g', '%.14g', '%.17g',
  '%#g', '%#.3g', '%010.4g', '%.0g', '%.20f', '%.30e', '%5.1s', '%s', '%q' }
for _, sp in ipairs(specs) do
  local out = {}
  for _, n in ipairs(nums) do out[#out + 1] = string.format(sp, n) end
  print(sp, table.concat(out, ' '))
end
print(string.format('%s %s %s', 'a', 1, 2.5))
print(string.format('%q', 'a\0b\r\n"\\\1\255'))
print(string.format('[%s]', 'a\0b'), #string.format('%s', 'a\0b'))
print(string.format('%5s|%-5s|%.2s|%.0s|', 'ab', 'cd', 'abcdef', 'abc'))
print(#string.format('%s', string.rep('x', 150)), #string.format('%s', string.rep('x', 99) .. '\0y'), #string.format('%s', string.rep('x', 100) .. '\0y'))
print(string.format('%5c|%-5c|', 65, 66), #string.format('%5c|', 0), #string.format('%-5c|', 0), string.format('%c', 256 + 66))
print(string.format('%d', '10'), string.format('%d', ' 0x10 '), string.format('%5.1f', '3.14159'))
print(string.format('%%'), string.format('100%% %s', 'sure'), string.format('%.3x', 10), string.format('%#.3x', 0), string.format('%.0d', 0))
print(string.format('abc'), string.format(''), string.format('%s\0%s', 'a', 'b') == 'a\0b')
local z = 0
z = -z
print(string.format('%d %.3f %g %e', z, z, z, z))
print(string.format('%x %o', -1, -1), string.format('%d', 1e300))
for _, f in ipairs({ '%', '%y', '%123d', '%------d', '%-----d', '%d', '%ld', '%.', '%1.' }) do
  print(f, pcall(string.format, f, 1))
end
print(pcall(string.format, '%d', 'x'))
print(pcall(string.format, '%d'))
print(pcall(string.format, '%s'))
print(pcall(string.format, '%s', {}))
print(pcall(string.format, '%d %d', 1))
