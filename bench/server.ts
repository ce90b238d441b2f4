/**
 * Server benchmark: cinder-server and redis-server side by side, in one run.
 *
 *   npm run build && node dist/bench/server.js [--quick] [--rounds 3]
 *
 * For each server it measures, with redis-benchmark:
 *  - requests/s for SET, GET, INCR, MSET at 50 clients, without pipelining and with -P 16;
 *  - server CPU time per request: utime+stime of the server process (from /proc/<pid>/stat)
 *    over the test, divided by the requests — the figure that stays true when
 *    redis-benchmark itself is the bottleneck;
 *  - latency percentiles at -c 1;
 *  - RSS per key after 1,000,000 SETs of 32-byte values;
 *  - FLUSHALL ASYNC of those keys: reply latency, and the worst PING latency a concurrent
 *    client sees while the memory is freed.
 * It prints a table with the Cinder/Redis ratio of each figure.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { freePort, cpuSeconds, rssBytes, arg } from './lib.js';
import { promisify } from 'node:util';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
const N = quick ? 100000 : 1000000;
const KEYS = quick ? 200000 : 1000000;
/**
 * Measured runs per throughput case (`--rounds`), alternating the servers' order. Each round
 * runs both servers back to back and gives one Cinder/Redis ratio; the ratio reported is the
 * median of those paired ratios (a burst of load from elsewhere on the machine then skews one
 * round's pair, not one server's median), with their range. The rps and CPU columns are the
 * medians of each server's own runs.
 */
const ROUNDS = Math.max(1, Number(arg('rounds', quick ? '1' : '3')));

/** The median of each field over `runs` (NaN-free runs first). */
function medianResult(runs: readonly BenchResult[]): BenchResult {
  const med = (f: (r: BenchResult) => number): number => {
    const xs = runs.map(f).filter(Number.isFinite).sort((a, b) => a - b);
    return xs.length === 0 ? NaN : xs[xs.length >> 1];
  };
  return { rps: med((r) => r.rps), cpuPerReqUs: med((r) => r.cpuPerReqUs), p50: med((r) => r.p50), p99: med((r) => r.p99), max: med((r) => r.max) };
}

/**
 * The Cinder/Redis ratio of `f` in each round (`cinder[k]` against `redis[k]`, measured back
 * to back): their median, min and max over the rounds where both are finite.
 */
function pairedRatios(cinder: readonly BenchResult[], redis: readonly BenchResult[], f: (r: BenchResult) => number): { median: number; min: number; max: number } {
  const xs: number[] = [];
  for (let k = 0; k < cinder.length && k < redis.length; k++) {
    const x = f(cinder[k]) / f(redis[k]);
    if (Number.isFinite(x)) xs.push(x);
  }
  xs.sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = xs.length >> 1;
  const median = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1] };
}

interface Target {
  name: string;
  port: number;
  proc: ChildProcess;
}


function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitPing(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'PING']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      /* not up yet */
    }
    await sleep(50);
  }
  throw new Error('server on port ' + port + ' did not start');
}



interface BenchResult {
  rps: number;
  cpuPerReqUs: number;
  p50: number;
  p99: number;
  max: number;
}

/** Like {@link runBenchmark}, but a failing run (e.g. an unsupported command) yields NaNs. */
async function redisBenchmark(t: Target, test: string, clients: number, pipeline: number, n: number): Promise<BenchResult> {
  try {
    return await runBenchmark(t, test, clients, pipeline, n);
  } catch (err) {
    console.error(t.name + ' ' + test + ' failed: ' + String((err as Error).message).split('\n')[0]);
    return { rps: NaN, cpuPerReqUs: NaN, p50: NaN, p99: NaN, max: NaN };
  }
}

async function runBenchmark(t: Target, test: string, clients: number, pipeline: number, n: number): Promise<BenchResult> {
  const cpu0 = cpuSeconds(t.proc.pid!);
  const args = ['-p', String(t.port), '-t', test, '-n', String(n), '-c', String(clients), '-P', String(pipeline), '-r', '100000', '--csv', '-q'];
  const { stdout } = await run('redis-benchmark', args, { maxBuffer: 1 << 20 });
  const cpu1 = cpuSeconds(t.proc.pid!);
  const line = stdout.trim().split('\n').pop()!;
  const cols = line.split(',').map((s) => Number(s.replace(/"/g, '')));
  // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  return { rps: cols[1], cpuPerReqUs: ((cpu1 - cpu0) * 1e6) / n, p50: cols[4], p99: cols[6], max: cols[7] };
}

/** Sends `count` SET commands of 32-byte values over one pipelined connection. */
function fillKeys(port: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const value = 'v'.repeat(32);
    let replies = 0;
    let tail = '';
    s.on('data', (d: Buffer) => {
      const str = tail + d.toString('latin1');
      let i = 0;
      for (;;) {
        const j = str.indexOf('\r\n', i);
        if (j < 0) break;
        replies++;
        i = j + 2;
      }
      tail = str.slice(i);
      if (replies >= count) {
        s.end();
        resolve();
      }
    });
    s.on('error', reject);
    s.on('connect', async () => {
      const BATCH = 10000;
      for (let i = 0; i < count; i += BATCH) {
        let chunk = '';
        for (let k = i; k < Math.min(count, i + BATCH); k++) {
          const key = 'key:' + String(k).padStart(12, '0');
          chunk += '*3\r\n$3\r\nSET\r\n$' + key.length + '\r\n' + key + '\r\n$32\r\n' + value + '\r\n';
        }
        if (!s.write(chunk)) await new Promise((r) => s.once('drain', r));
        while (i - replies > 200000) await sleep(1);
      }
    });
  });
}

/** Measures FLUSHALL ASYNC latency and the worst PING latency of a concurrent client. */
async function flushAsyncProbe(port: number): Promise<{ flushMs: number; worstPingMs: number }> {
  const pinger = net.connect(port, '127.0.0.1');
  const flusher = net.connect(port, '127.0.0.1');
  await Promise.all([new Promise((r) => pinger.on('connect', r)), new Promise((r) => flusher.on('connect', r))]);
  let worst = 0;
  let running = true;
  const pingLoop = (async () => {
    while (running) {
      const t0 = performance.now();
      await new Promise<void>((r) => {
        pinger.once('data', () => r());
        pinger.write('PING\r\n');
      });
      worst = Math.max(worst, performance.now() - t0);
    }
  })();
  await sleep(100);
  worst = 0;
  const t0 = performance.now();
  await new Promise<void>((r) => {
    flusher.once('data', () => r());
    flusher.write('FLUSHALL ASYNC\r\n');
  });
  const flushMs = performance.now() - t0;
  await sleep(1500);
  running = false;
  await pingLoop;
  pinger.end();
  flusher.end();
  return { flushMs, worstPingMs: worst };
}

/** The server's own time for the last FLUSHALL (commandstats usec, after a RESETSTAT), in ms. */
async function flushallServerMs(port: number): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'INFO', 'commandstats']);
  const m = /cmdstat_flushall:calls=(\d+),usec=(\d+)/.exec(stdout);
  return m === null ? NaN : Number(m[2]) / Number(m[1]) / 1000;
}

async function startTargets(): Promise<Target[]> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cinderBin = path.resolve(here, '../bin/cinder-server.js');
  const rport = await freePort();
  const cport = await freePort();
  const redis = spawn('redis-server', ['--port', String(rport), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const cinder = spawn(process.execPath, [cinderBin, '--port', String(cport), '--save', ''], { stdio: 'ignore' });
  await waitPing(rport);
  await waitPing(cport);
  return [
    { name: 'redis', port: rport, proc: redis },
    { name: 'cinder', port: cport, proc: cinder },
  ];
}

function fmt(n: number, d = 2): string {
  return Number.isFinite(n) ? n.toFixed(d) : '-';
}

async function main(): Promise<void> {
  const [redis, cinder] = await startTargets();
  try {
    await measure(redis, cinder);
  } finally {
    redis.proc.kill('SIGKILL');
    cinder.proc.kill('SIGKILL');
  }
}

async function measure(redis: Target, cinder: Target): Promise<void> {
  const rows: string[] = [];
  rows.push('| test | redis rps | cinder rps | rps ratio (range) | redis CPU µs/req | cinder CPU µs/req | CPU ratio (range) |');
  rows.push('|---|---|---|---|---|---|---|');
  // Warm-up, not measured: a server is measured in its steady state (V8 has compiled the
  // hot paths, the keyspace holds the benchmark's keys).
  for (const test of ['set', 'get', 'incr', 'mset']) {
    for (const t of [redis, cinder]) await redisBenchmark(t, test, 50, 16, Math.floor(N / 10));
  }
  for (const pipeline of [1, 16]) {
    for (const test of ['set', 'get', 'incr', 'mset']) {
      const n = pipeline === 1 ? Math.floor(N / 5) : N;
      // ROUNDS runs, alternating which server goes first; the medians are reported.
      const rs: BenchResult[] = [];
      const cs: BenchResult[] = [];
      for (let k = 0; k < ROUNDS; k++) {
        if (k % 2 === 0) {
          rs.push(await redisBenchmark(redis, test, 50, pipeline, n));
          cs.push(await redisBenchmark(cinder, test, 50, pipeline, n));
        } else {
          cs.push(await redisBenchmark(cinder, test, 50, pipeline, n));
          rs.push(await redisBenchmark(redis, test, 50, pipeline, n));
        }
      }
      const r = medianResult(rs);
      const c = medianResult(cs);
      const rpsPairs = pairedRatios(cs, rs, (x) => x.rps);
      const cpuPairs = pairedRatios(cs, rs, (x) => x.cpuPerReqUs);
      rows.push(
        `| ${test.toUpperCase()} -c 50 -P ${pipeline} | ${fmt(r.rps, 0)} | ${fmt(c.rps, 0)} | ${fmt(rpsPairs.median)} (${fmt(rpsPairs.min)}-${fmt(rpsPairs.max)}) | ${fmt(r.cpuPerReqUs)} | ${fmt(c.cpuPerReqUs)} | ${fmt(cpuPairs.median)} (${fmt(cpuPairs.min)}-${fmt(cpuPairs.max)}) |`,
      );
    }
  }
  rows.push('');
  rows.push('| -c 1 latency (ms) | redis p50 | cinder p50 | redis p99 | cinder p99 | redis max | cinder max |');
  rows.push('|---|---|---|---|---|---|---|');
  for (const test of ['set', 'get']) {
    const r = await redisBenchmark(redis, test, 1, 1, Math.floor(N / 20));
    const c = await redisBenchmark(cinder, test, 1, 1, Math.floor(N / 20));
    rows.push(`| ${test.toUpperCase()} | ${fmt(r.p50, 3)} | ${fmt(c.p50, 3)} | ${fmt(r.p99, 3)} | ${fmt(c.p99, 3)} | ${fmt(r.max, 3)} | ${fmt(c.max, 3)} |`);
  }
  rows.push('');
  rows.push('| memory / flush | redis | cinder | ratio |');
  rows.push('|---|---|---|---|');
  const mem: Record<string, number> = {};
  const flush: Record<string, { flushMs: number; worstPingMs: number }> = {};
  const serverFlush: Record<string, number> = {};
  for (const t of [redis, cinder]) {
    await run('redis-cli', ['-p', String(t.port), 'FLUSHALL']);
    await sleep(500);
    const before = rssBytes(t.proc.pid!);
    await fillKeys(t.port, KEYS);
    await sleep(500);
    const after = rssBytes(t.proc.pid!);
    const { stdout } = await run('redis-cli', ['-p', String(t.port), 'DBSIZE']);
    const keys = Number(stdout.trim());
    mem[t.name] = (after - before) / keys;
    await run('redis-cli', ['-p', String(t.port), 'CONFIG', 'RESETSTAT']);
    flush[t.name] = await flushAsyncProbe(t.port);
    serverFlush[t.name] = await flushallServerMs(t.port);
  }
  rows.push(`| RSS bytes per key (${KEYS} SETs, 32-byte values) | ${fmt(mem.redis, 1)} | ${fmt(mem.cinder, 1)} | ${fmt(mem.cinder / mem.redis)} |`);
  rows.push(`| FLUSHALL ASYNC reply, client round trip (ms) | ${fmt(flush.redis.flushMs, 3)} | ${fmt(flush.cinder.flushMs, 3)} | ${fmt(flush.cinder.flushMs / flush.redis.flushMs)} |`);
  rows.push(`| FLUSHALL ASYNC execution, server side (ms, INFO commandstats) | ${fmt(serverFlush.redis, 3)} | ${fmt(serverFlush.cinder, 3)} | ${fmt(serverFlush.cinder / serverFlush.redis)} |`);
  rows.push(`| worst concurrent PING during freeing (ms) | ${fmt(flush.redis.worstPingMs, 3)} | ${fmt(flush.cinder.worstPingMs, 3)} | ${fmt(flush.cinder.worstPingMs / flush.redis.worstPingMs)} |`);
  console.log(rows.join('\n'));
}

void main();
