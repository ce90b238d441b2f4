/**
 * Differential tests: every `test/lua/corpus/*.lua` program runs on our engine and on
 * the real lua5.1; stdout must be identical (and both must agree on whether the chunk
 * ended with an uncaught error; programs that are meant to end with an error say
 * "-- expect-error" on their first line). Chunks are named like lua5.1 names a script file
 * (`@<basename>`), with the corpus directory as working directory.
 * Libraries from src/lua/lib (string, cjson, ...) are opened when present.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LuaState } from '../../src/lua/state.js';
import type { LuaValue } from '../../src/lua/value.js';

const LUA51 = process.env.LUA51 ?? '/usr/bin/lua5.1';
const here = dirname(fileURLToPath(import.meta.url));
// works both from test/lua (tsx) and dist/test/lua (compiled): corpus is in the source tree
let corpus = join(here, 'corpus');
if (!existsSync(corpus)) corpus = join(here, '..', '..', '..', 'test', 'lua', 'corpus');

type Opener = (L: LuaState) => unknown;
let openLibs: Opener | null = null;
try {
  const mod = (await import('../../src/lua/lib/index.js')) as Record<string, unknown>;
  if (typeof mod.openRedisLibs === 'function') openLibs = mod.openRedisLibs as Opener;
} catch {
  openLibs = null;
}

const haveLua = spawnSync(LUA51, ['-v']).status === 0;

/** Runs a corpus program on our engine; returns stdout text and whether it errored. */
export function runOurs(src: string, chunk: string): { out: string; error: LuaValue; failed: boolean } {
  let out = '';
  const L = new LuaState({ print: (line) => { out += line + '\n'; } });
  if (openLibs !== null) openLibs(L);
  try {
    const f = L.load(src, chunk);
    const r = L.start(f, [], Infinity);
    if (r.status === 'error') return { out, error: r.error, failed: true };
    return { out, error: undefined, failed: false };
  } catch (e) {
    return { out, error: String((e as { value?: unknown }).value ?? e), failed: true };
  }
}

const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.lua')).sort() : [];

for (const file of files) {
  test(`corpus ${file}`, { skip: !haveLua && 'lua5.1 not installed' }, () => {
    const src = readFileSync(join(corpus, file), 'latin1');
    const ref = spawnSync(LUA51, [file], { cwd: corpus, encoding: 'latin1', maxBuffer: 1 << 28 });
    const ours = runOurs(src, '@' + file);
    assert.equal(ours.out, ref.stdout, `stdout differs for ${file}`);
    const refFailed = ref.status !== 0;
    // guard against vacuous passes (e.g. a syntax error in the program itself):
    // a program may only end with an uncaught error if it says so on its first line
    if (refFailed && !/^--.*expect-error/.test(src)) {
      assert.fail(`${file} fails under lua5.1 (${ref.stderr.split('\n')[0]}); add "-- expect-error" on line 1 if intended`);
    }
    if (refFailed !== ours.failed) {
      assert.fail(`${file}: lua5.1 ${refFailed ? 'failed: ' + ref.stderr : 'succeeded'}; ours ${ours.failed ? 'failed: ' + String(ours.error) : 'succeeded'}`);
    }
    if (refFailed) {
      // lua5.1 prints "lua5.1: <msg>" then a traceback
      const first = ref.stderr.split('\n')[0].replace(/^[^:]*lua5\.1: /, '');
      assert.equal(String(ours.error), first);
    }
  });
}
