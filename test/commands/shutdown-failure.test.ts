/**
 * SHUTDOWN when the final save fails (Redis `prepareForShutdown` / `finishShutdown`): the
 * command answers "Errors trying to SHUTDOWN. Check logs." and the server keeps running;
 * FORCE exits anyway; a SIGTERM that cannot save leaves the server up. Checked side by side
 * with a real redis-server, and on the standalone binary for the signal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startOracle, RawClient, freePort, cinderServerArgs, repoRoot } from '../helpers/oracle.js';
import { startServer } from '../../src/index.js';

/** Runs the failing-save sequence on the server at `port` whose dir `dir` is then removed. */
async function failingSaveSequence(port: number, dir: string): Promise<string[]> {
  const c = await RawClient.connect(port);
  const out: string[] = [];
  out.push(await c.send('SET', 'k', 'v'));
  rmSync(dir, { recursive: true, force: true });
  out.push(await c.send('SHUTDOWN', 'SAVE'));
  out.push(await c.send('PING'));
  out.push(await c.send('GET', 'k'));
  // With save points configured a plain SHUTDOWN saves too, and fails the same way.
  out.push(await c.send('CONFIG', 'SET', 'save', '3600 1'));
  out.push(await c.send('SHUTDOWN'));
  out.push(await c.send('PING'));
  // FORCE: exit although the save fails. No reply; the connection closes.
  c.socket.write('*3\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n$5\r\nFORCE\r\n');
  out.push('closed:' + JSON.stringify(await c.readUntilClose(3000)));
  return out;
}

test('SHUTDOWN with a failing save: error, server keeps running; FORCE exits (same as redis-server)', async () => {
  const rdir = mkdtempSync(path.join(tmpdir(), 'cinder-shutfail-r-'));
  const cdir = mkdtempSync(path.join(tmpdir(), 'cinder-shutfail-c-'));
  const cwd = process.cwd();
  const oracle = await startOracle(['--dir', rdir]);
  const cinder = await startServer({ config: { dir: cdir } });
  try {
    const want = await failingSaveSequence(oracle.port, rdir);
    const got = await failingSaveSequence(cinder.port, cdir);
    assert.deepEqual(got, want);
    assert.equal(want[1], '-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    assert.equal(want[2], '+PONG\r\n');
    assert.equal(cinder.server.isClosed, true);
  } finally {
    // `dir` is the process working directory for an embedded server (as for Redis): leave
    // the removed directory before anything else runs.
    process.chdir(cwd);
    await oracle.stop();
    rmSync(rdir, { recursive: true, force: true });
    rmSync(cdir, { recursive: true, force: true });
  }
});

test('cinder-server: SIGTERM that cannot save keeps the server up and logs why; SHUTDOWN NOSAVE then exits', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cinder-shutfail-sig-'));
  const port = await freePort();
  const proc = spawn(process.execPath, [...cinderServerArgs(), '--port', String(port), '--dir', dir, '--save', '3600 1'], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d: Buffer) => (log += d.toString('latin1')));
  proc.stderr.on('data', (d: Buffer) => (log += d.toString('latin1')));
  try {
    for (let i = 0; i < 200 && !log.includes('Ready to accept connections'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(log, /Ready to accept connections/, log);
    const c = await RawClient.connect(port);
    assert.equal(await c.send('SET', 'k', 'v'), '+OK\r\n');
    rmSync(dir, { recursive: true, force: true });
    proc.kill('SIGTERM');
    for (let i = 0; i < 100 && !log.includes('SIGTERM received but errors trying to shut down the server'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(log, /Error trying to save the DB, can't exit\./);
    assert.match(log, /SIGTERM received but errors trying to shut down the server, check the logs for more information/);
    assert.equal(await c.send('GET', 'k'), '$1\r\nv\r\n');
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    c.socket.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    assert.equal(await exited, 0);
    assert.equal(existsSync(path.join(dir, 'dump.rdb')), false);
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
