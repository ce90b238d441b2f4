/**
 * Crash safety: kill -9 the standalone server at random moments during BGSAVE, many times.
 * The last good dump.rdb must always be intact (checksum verified, every key loadable) and
 * hold either the previous snapshot or, when the save had finished, the new one. Each
 * restart also exercises startup loading of the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { RawClient, freePort, encodeCommand, replyEnd, repoRoot, cinderServerArgs } from '../helpers/oracle.js';
import { RdbLoader } from '../../src/persistence/rdb/file.js';
import { DEFAULT_LOAD_LIMITS } from '../../src/persistence/rdb/objects.js';
import { tempDir } from './helpers.js';

const ROOT = repoRoot();

async function startCinder(dir: string): Promise<{ proc: ChildProcess; port: number; out: () => string }> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, [...cinderServerArgs(), '--port', String(port), '--dir', dir, '--save', ''], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  process.once('exit', () => proc.kill('SIGKILL'));
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error('server exited: ' + out);
    try {
      const c = await RawClient.connect(port);
      const r = await c.send('PING');
      c.close();
      if (r === '+PONG\r\n') break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, port, out: () => out };
}

/** Sends many commands in one write and waits for all replies. */
async function pipeline(c: RawClient, cmds: string[][]): Promise<void> {
  c.write(cmds.map(encodeCommand).join(''));
  for (let i = 0; i < cmds.length; i++) await c.readReply(20000);
}

/** Loads the file fully (checksum verified) and returns its key count. */
function countKeys(file: string): number {
  const buf = fs.readFileSync(file);
  let n = 0;
  const loader = new RdbLoader(buf, { aux() {}, resize() {}, functionLibrary() {}, warn() {}, entry() { n++; } }, DEFAULT_LOAD_LIMITS, 16);
  while (!loader.step(Infinity)) {
    /* all at once */
  }
  return n;
}

test('kill -9 during BGSAVE never damages the previous dump.rdb', { timeout: 240000 }, async () => {
  const dir = tempDir('crash');
  const file = path.join(dir, 'dump.rdb');
  let srv = await startCinder(dir);
  let c = await RawClient.connect(srv.port);
  let total = 0;
  const batch = (from: number, n: number): string[][] => {
    const cmds: string[][] = [];
    for (let i = from; i < from + n; i++) {
      if (i % 4 === 0) cmds.push(['RPUSH', 'l' + i, 'a', 'b', 'c' + i]);
      else if (i % 4 === 1) cmds.push(['HSET', 'h' + i, 'f', 'v' + i]);
      else cmds.push(['SET', 'k' + i, 'value-' + i + '-'.repeat(i % 50)]);
    }
    return cmds;
  };
  await pipeline(c, batch(0, 60000));
  total = 60000;
  assert.equal(await c.send('SAVE'), '+OK\r\n');
  let good = countKeys(file);
  assert.equal(good, total);
  let completed = 0;
  let killedMidway = 0;
  const ITER = 10;
  for (let it = 0; it < ITER; it++) {
    await pipeline(c, batch(total, 5000));
    total += 5000;
    assert.equal(await c.send('BGSAVE'), '+Background saving started\r\n');
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 120)));
    srv.proc.kill('SIGKILL');
    await new Promise((r) => srv.proc.once('exit', r));
    c.close();
    const n = countKeys(file);
    assert.ok(n === good || n === total, 'file holds ' + n + ' keys: neither the old ' + good + ' nor the new ' + total);
    if (n === total) completed++;
    else killedMidway++;
    good = n;
    // Restart on the file (startup load) and continue from what it holds.
    srv = await startCinder(dir);
    c = await RawClient.connect(srv.port);
    let dbsize = await c.send('DBSIZE');
    while (dbsize.startsWith('-LOADING')) {
      // Commands are answered LOADING while the file loads, as Redis does.
      await new Promise((r) => setTimeout(r, 10));
      dbsize = await c.send('DBSIZE');
    }
    assert.equal(dbsize, ':' + n + '\r\n', srv.out());
    assert.match(srv.out(), /DB loaded from disk: [0-9.]+ seconds/);
    total = n;
  }
  c.close();
  srv.proc.kill('SIGKILL');
  assert.ok(killedMidway > 0, 'at least one kill landed during a save (' + killedMidway + ' midway, ' + completed + ' completed)');
  void replyEnd;
});
