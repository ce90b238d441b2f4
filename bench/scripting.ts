/**
 * Scripting benchmark: throughput of EVALSHA and FCALL on redis-server and Cinder side by side.
 *
 *   npx tsx bench/scripting.ts [--seconds 3] [--conns 4] [--pipeline 50] [--rounds 1]
 *   node dist/bench/scripting.js ...        (compiled; ONLY=<substring> runs matching cases)
 *
 * Both servers run as separate processes (redis-server, and bin/cinder-server.ts under tsx)
 * with persistence off. Each case loads its script (SCRIPT LOAD / FUNCTION LOAD), then
 * `conns` connections each send pipelined batches of `pipeline` calls back to back for
 * `seconds`; the result is calls per second, and Cinder's ratio to redis-server (target >= 0.7),
 * plus calls per CPU second of each server process (INFO cpu), which stays meaningful when
 * the machine is loaded by other work. With `--rounds N` each case is measured N times,
 * alternating the two servers, and the medians are printed (steadier on a busy machine).
 *
 * Cases: plain GET as the baseline of the server itself; EVALSHA of a tiny script (one GET); EVALSHA of a 50-call script (25 SET + 25 GET);
 * FCALL of the same two as functions; EVALSHA of a BullMQ-style addJob-like script
 * (cjson + cmsgpack + 12 calls).
 */
import { arg, encode, Conn, startRedis, startCinder, type BenchServer } from './lib.js';
import { createHash } from 'node:crypto';


const SECONDS = Number(arg('seconds', '3'));
const CONNS = Number(arg('conns', '4'));
const PIPELINE = Number(arg('pipeline', '50'));
const ROUNDS = Math.max(1, Number(arg('rounds', '1')));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sha1(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

const TINY = "return redis.call('GET', KEYS[1])";
const FIFTY = "for i = 1, 25 do redis.call('SET', KEYS[1], ARGV[1]) redis.call('GET', KEYS[1]) end return 50";
const QUEUE = `local opts = cmsgpack.unpack(ARGV[1])
local data = cjson.decode(ARGV[2])
local id = redis.call('INCR', KEYS[1])
local key = KEYS[2] .. id
redis.call('HSET', key, 'name', opts.name, 'data', ARGV[2], 'attempts', opts.attempts, 'ts', ARGV[3])
redis.call('LPUSH', KEYS[3], id)
redis.call('RPUSH', KEYS[4], cjson.encode({'added', id, data.n}))
redis.call('LTRIM', KEYS[4], -100, -1)
if redis.call('LLEN', KEYS[3]) > 1000 then redis.call('RPOP', KEYS[3]) end
local n = redis.call('HGET', key, 'attempts')
redis.call('ZADD', KEYS[5], id, id)
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -1001)
redis.call('EXPIRE', key, 60)
return {id, n, redis.call('HLEN', key)}`;
// msgpack of {name='job', attempts=3} (fixmap 2: "name" -> "job", "attempts" -> 3)
const QUEUE_OPTS = '\x82\xa4name\xa3job\xa8attempts\x03';
const LIB = `#!lua name=benchlib
redis.register_function('tiny', function(keys, args) return redis.call('GET', keys[1]) end)
redis.register_function('fifty', function(keys, args)
  for i = 1, 25 do redis.call('SET', keys[1], args[1]) redis.call('GET', keys[1]) end
  return 50
end)`;

interface Case {
  name: string;
  argv: string[];
}

const CASES: Case[] = [
  { name: 'GET (baseline, no script)', argv: ['GET', 'k'] },
  { name: 'EVALSHA tiny (1 GET)', argv: ['EVALSHA', sha1(TINY), '1', 'k', ] },
  { name: 'EVALSHA 50 calls', argv: ['EVALSHA', sha1(FIFTY), '1', 'k', 'value'] },
  { name: 'FCALL tiny (1 GET)', argv: ['FCALL', 'tiny', '1', 'k'] },
  { name: 'FCALL 50 calls', argv: ['FCALL', 'fifty', '1', 'k', 'value'] },
  { name: 'EVALSHA queue addJob-like', argv: ['EVALSHA', sha1(QUEUE), '5', 'q:id', 'q:job:', 'q:wait', 'q:events', 'q:z', QUEUE_OPTS, '{"n":42,"payload":"xxxxxxxxxxxxxxxx"}', '1700000000000'] },
];

async function setup(s: BenchServer): Promise<void> {
  const c = s.conn;
  for (const body of [TINY, FIFTY, QUEUE]) await c.run(encode(['SCRIPT', 'LOAD', body]), 1);
  await c.run(encode(['FUNCTION', 'LOAD', 'REPLACE', LIB]), 1);
  await c.run(encode(['SET', 'k', 'value']), 1);
}

/** used_cpu_user + used_cpu_sys of the server, seconds (INFO cpu). */
async function cpuSeconds(port: number): Promise<number> {
  const c = await Conn.connect(port);
  await c.run(encode(['INFO', 'cpu']), 1);
  c.close();
  let total = 0;
  for (const m of c.last.matchAll(/used_cpu_(?:user|sys):([0-9.]+)/g)) total += Number(m[1]);
  return total;
}

/**
 * Calls per second of `argv` over CONNS pipelined connections for SECONDS (wall clock), and
 * calls per CPU second of the server process (robust when the machine is shared).
 */
async function measure(port: number, argv: string[]): Promise<[number, number]> {
  const conns: Conn[] = [];
  for (let i = 0; i < CONNS; i++) conns.push(await Conn.connect(port));
  const payload = encode(argv).repeat(PIPELINE);
  await Promise.all(conns.map((c) => c.run(payload, PIPELINE)));
  if (conns[0].last.startsWith('-')) throw new Error(argv[0] + ' failed: ' + conns[0].last);
  let total = 0;
  const cpu0 = await cpuSeconds(port);
  const start = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    conns.map(async (c) => {
      while (Date.now() < deadline) {
        await c.run(payload, PIPELINE);
        total += PIPELINE;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = (await cpuSeconds(port)) - cpu0;
  for (const c of conns) c.close();
  return [total / secs, total / cpu];
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const cinder = await startCinder();
  try {
    await setup(redis);
    await setup(cinder);
    console.log(`scripting throughput, ${CONNS} connections x pipeline ${PIPELINE}, ${SECONDS}s per case` + (ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : ''));
    console.log(
      'case'.padEnd(30) + 'redis/s'.padStart(10) + 'cinder/s'.padStart(10) + 'ratio'.padStart(7) +
        'redis/cpu-s'.padStart(13) + 'cinder/cpu-s'.padStart(14) + 'ratio'.padStart(7),
    );
    for (const c of CASES) {
      if (process.env.ONLY && !c.name.includes(process.env.ONLY)) continue;
      const rs: number[] = [], rcs: number[] = [], ns: number[] = [], ncs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const [r1, rc1] = await measure(redis.port, c.argv);
        const [n1, nc1] = await measure(cinder.port, c.argv);
        rs.push(r1);
        rcs.push(rc1);
        ns.push(n1);
        ncs.push(nc1);
      }
      const [r, rc, n, nc] = [median(rs), median(rcs), median(ns), median(ncs)];
      console.log(
        c.name.padEnd(30) + Math.round(r).toString().padStart(10) + Math.round(n).toString().padStart(10) + (n / r).toFixed(2).padStart(7) +
          Math.round(rc).toString().padStart(13) + Math.round(nc).toString().padStart(14) + (nc / rc).toFixed(2).padStart(7),
      );
    }
  } finally {
    redis.conn.close();
    if (process.env.CINDER_PROF) {
      cinder.conn.run(encode(['SHUTDOWN', 'NOSAVE']), 1).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
    }
    cinder.conn.close();
    redis.proc.kill('SIGKILL');
    cinder.proc.kill('SIGKILL');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
