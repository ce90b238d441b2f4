/**
 * The standalone binary: redis-server's argument conventions, config file + overrides,
 * Redis-format log lines, clean shutdown on SIGTERM/SIGINT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/tmp.js';
import path from 'node:path';
import { RawClient, freePort, cinderServerArgs } from '../helpers/oracle.js';

const run = promisify(execFile);
// The compiled binary when built (npm test), else the source under tsx.
const serverArgs = cinderServerArgs();

function startBin(args: string[]): { proc: ReturnType<typeof spawn>; output: () => string } {
  const proc = spawn(process.execPath, [...serverArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

async function waitFor(pred: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('--version and --help', async () => {
  const v = await run(process.execPath, [...serverArgs, '--version']);
  assert.match(v.stdout, /^Redis server v=7\.2\.\d+ sha=/);
  const h = await run(process.execPath, [...serverArgs, '--help']).catch((e: { stderr: string }) => e);
  assert.match((h as { stderr: string }).stderr, /Usage: \.\/cinder-server \[\/path\/to\/redis\.conf\] \[options\]/);
});

test('config file plus --options, log lines, SIGTERM shutdown', async () => {
  const dir = tempDir('cli');
  const port = await freePort();
  const conf = path.join(dir, 'redis.conf');
  writeFileSync(conf, '# a comment\nport 1\ndatabases 3\nsave ""\nrequirepass "s3cret"\n');
  const { proc, output } = startBin([conf, '--port', String(port), '--databases', '5']);
  try {
    await waitFor(() => output().includes('Ready to accept connections tcp'));
    assert.match(output(), /^\d+:C \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/m);
    assert.match(output(), new RegExp('^' + proc.pid + ':M .* \\* Running mode=standalone, port=' + port + '\\.$', 'm'));
    const c = await RawClient.connect(port);
    assert.equal(await c.send('PING'), '-NOAUTH Authentication required.\r\n');
    assert.equal(await c.send('AUTH', 's3cret'), '+OK\r\n');
    assert.equal(await c.send('SELECT', '4'), '+OK\r\n');
    assert.equal(await c.send('SELECT', '5'), '-ERR DB index is out of range\r\n');
    c.close();
    proc.kill('SIGTERM');
    const code = await new Promise((r) => proc.on('exit', r));
    assert.equal(code, 0);
    assert.match(output(), /Received SIGTERM scheduling shutdown/);
    assert.match(output(), /Redis is now ready to exit, bye bye\.\.\./);
  } finally {
    proc.kill('SIGKILL');
  }
});

test('a bad directive stops startup with Redis-style message', async () => {
  const dir = tempDir('cli');
  const conf = path.join(dir, 'bad.conf');
  writeFileSync(conf, 'port 6379\nnosuchdirective yes\n');
  const res = await run(process.execPath, [...serverArgs, conf]).catch((e: { code: number; stderr: string }) => e);
  const e = res as { code: number; stderr: string };
  assert.equal(e.code, 1);
  assert.match(e.stderr, /\*\*\* FATAL CONFIG FILE ERROR \(Redis 7\.2\.\d+\) \*\*\*/);
  assert.match(e.stderr, />>> 'nosuchdirective yes'/);
  assert.match(e.stderr, /Bad directive or wrong number of arguments/);
});
