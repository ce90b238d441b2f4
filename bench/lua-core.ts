/**
 * Lua engine benchmark: runs the same programs on Cinder's Lua engine and on the
 * real `lua5.1`, and prints times and ratios (ours / lua5.1; target < 5x).
 * Also measures the cost of a host-function call from Lua (target < 0.3 us).
 *
 *   npx tsx bench/lua-core.ts
 */
import { spawnSync } from 'node:child_process';
import { LuaState } from '../src/lua/state.js';
import type { LuaState as LS } from '../src/lua/state.js';

const LUA51 = process.env.LUA51 ?? '/usr/bin/lua5.1';

type Opener = (L: LS) => unknown;
let openLibs: Opener | null = null;
try {
  const mod = (await import('../src/lua/lib/index.js')) as Record<string, unknown>;
  if (typeof mod.openRedisLibs === 'function') openLibs = mod.openRedisLibs as Opener;
} catch {
  openLibs = null;
}

interface Case {
  name: string;
  src: string;
  needsString?: boolean;
}

const cases: Case[] = [
  {
    name: 'fib(27)',
    src: `local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
          return fib(27)`,
  },
  {
    name: 'string building loop (200k concat via table)',
    src: `local t = {}
          for i = 1, 200000 do t[#t + 1] = "item" .. i end
          local s = table.concat(t, ",")
          local u = ""
          for i = 1, 20000 do u = u .. "x" end
          return #s + #u`,
  },
  {
    name: 'table.sort 100k numbers',
    src: `local t = {}
          local x = 12345
          for i = 1, 100000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
          table.sort(t)
          return t[1]`,
  },
  {
    name: 'table.sort 100k with comparator',
    src: `local t = {}
          local x = 12345
          for i = 1, 100000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
          table.sort(t, function(a, b) return a > b end)
          return t[1]`,
  },
  {
    name: 'gsub-heavy',
    needsString: true,
    src: `local s = string.rep("hello world foo bar baz ", 2000)
          local n = 0
          for i = 1, 20 do
            local r, c = string.gsub(s, "%w+", function(w) return w:upper() end)
            n = n + c
            r = s:gsub("o", "0")
            n = n + #r
          end
          return n`,
  },
  {
    name: 'closures + tables (OOP-ish)',
    src: `local P = {}
          P.__index = P
          function P.new(x, y) return setmetatable({x = x, y = y}, P) end
          function P:add(o) return P.new(self.x + o.x, self.y + o.y) end
          local acc = P.new(0, 0)
          for i = 1, 300000 do acc = acc:add(P.new(i, 1)) end
          return acc.x + acc.y`,
  },
];

/** CPU time in ms (comparable with lua5.1's os.clock, robust on a loaded machine). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timeOurs(src: string, reps: number): number {
  const L = new LuaState({ print: () => {} });
  if (openLibs !== null) openLibs(L);
  const f = L.load(src, '=bench');
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    const res = L.start(f, []);
    const t1 = cpuMs();
    if (res.status !== 'ok') throw new Error(`bench failed: ${JSON.stringify(res)}`);
    best = Math.min(best, t1 - t0);
  }
  return best;
}

function timeLua51(src: string, reps: number): number {
  const prog = `local f = assert(loadstring(${JSON.stringify(src)}))
    local best = math.huge
    for r = 1, ${reps} do local t0 = os.clock(); f(); local dt = os.clock() - t0; if dt < best then best = dt end end
    io.write(string.format("%.3f", best * 1000))`;
  const r = spawnSync(LUA51, ['-e', prog], { encoding: 'latin1' });
  if (r.status !== 0) throw new Error(`lua5.1 failed: ${r.stderr}`);
  return Number(r.stdout);
}

console.log('(CPU time, best of 5)');
console.log('case'.padEnd(48), 'cinder ms'.padStart(10), 'lua5.1 ms'.padStart(10), 'ratio'.padStart(7));
for (const c of cases) {
  if (c.needsString && openLibs === null) {
    console.log(c.name.padEnd(48), '(skipped: string library not available)');
    continue;
  }
  const ours = timeOurs(c.src, 5);
  const ref = timeLua51(c.src, 5);
  console.log(c.name.padEnd(48), ours.toFixed(1).padStart(10), ref.toFixed(1).padStart(10), (ours / ref).toFixed(2).padStart(7));
}

// host call cost: a loop calling a registered no-op host function vs an empty loop
{
  const L = new LuaState({ print: () => {} });
  const lib = L.newTable();
  L.register(lib, { nop: (L2, b, n) => { L2.push(n); return 1; } });
  L.setGlobal('h', lib);
  const N = 5_000_000;
  const withCall = L.load(`local nop = h.nop local x = 0 for i = 1, ${N} do x = nop(i) end return x`, '=hc');
  const empty = L.load(`local x = 0 for i = 1, ${N} do x = i end return x`, '=he');
  const run = (f: ReturnType<LuaState['load']>): number => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = cpuMs();
      L.start(f, []);
      best = Math.min(best, cpuMs() - t0);
    }
    return best;
  };
  const tc = run(withCall);
  const te = run(empty);
  console.log(`host call from Lua: ${(((tc - te) * 1e3) / N).toFixed(3)} us/call (loop ${tc.toFixed(1)} ms vs empty ${te.toFixed(1)} ms)`);
}
