/**
 * Real BullMQ (its Lua scripts, run through EVALSHA with cjson and cmsgpack) against
 * redis-server and Cinder: the same queue scenario must end in the same state.
 *
 * bullmq is not a dependency of this repository: the test is skipped unless the package
 * resolves (install it with `npm install --no-save bullmq@5`, or set BULLMQ_PATH to a
 * directory whose node_modules holds it).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { startPair, type Pair } from '../helpers/oracle.js';

/** The bullmq entry point's URL, or null when it is not installed. */
function resolveBullmq(): string | null {
  const bases = [process.env.BULLMQ_PATH, process.cwd()].filter((b): b is string => b !== undefined && b !== '');
  for (const base of bases) {
    try {
      return pathToFileURL(createRequire(base + '/package.json').resolve('bullmq')).href;
    } catch {
      /* try the next base */
    }
  }
  return null;
}

const bullmqUrl = resolveBullmq();
let pair: Pair;
before(async () => {
  if (bullmqUrl !== null) pair = await startPair();
});
after(async () => {
  if (bullmqUrl !== null) await pair.stop();
});

interface BullQueue {
  obliterate(o: { force: boolean }): Promise<void>;
  add(name: string, data: unknown, opts?: unknown): Promise<unknown>;
  addBulk(jobs: unknown[]): Promise<unknown>;
  getJobCounts(): Promise<Record<string, number>>;
  getFailed(): Promise<Array<{ name: string; failedReason: string; attemptsMade: number }>>;
  getCompleted(): Promise<Array<{ name: string; returnvalue: unknown }>>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): Promise<boolean>;
  close(): Promise<void>;
}

async function scenario(port: number): Promise<unknown[]> {
  const mod = (await import(bullmqUrl as string)) as {
    Queue: new (name: string, o: unknown) => BullQueue;
    Worker: new (name: string, fn: (job: { data: { i?: number }; attemptsMade: number }) => Promise<unknown>, o: unknown) => { close(): Promise<void> };
  };
  const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
  const q = new mod.Queue('q1', { connection });
  await q.obliterate({ force: true }).catch(() => undefined);
  const out: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    await q.add('job' + i, { i, text: 'x'.repeat(i) }, { attempts: 2, priority: i % 3, delay: i % 5 === 0 ? 50 : 0, removeOnFail: 10 });
  }
  await q.addBulk([{ name: 'b1', data: { a: 1 } }, { name: 'b2', data: { b: 2 } }]);
  out.push(await q.getJobCounts());
  const w = new mod.Worker(
    'q1',
    async (job) => {
      if (job.data.i === 3 && job.attemptsMade === 0) throw new Error('fail once');
      if (job.data.i === 7) throw new Error('always');
      return { doubled: (job.data.i ?? 0) * 2 };
    },
    { connection, concurrency: 2 },
  );
  for (let t = 0; t < 100; t++) {
    const c = await q.getJobCounts();
    if (c.waiting + c.prioritized + c.delayed + c.active === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await w.close();
  out.push(await q.getJobCounts());
  out.push((await q.getFailed()).map((j) => [j.name, j.failedReason, j.attemptsMade]));
  // processing order depends on timing (delays, concurrency): compare the sets
  out.push((await q.getCompleted()).map((j) => JSON.stringify([j.name, j.returnvalue])).sort());
  await q.pause();
  out.push(await q.isPaused());
  await q.resume();
  out.push(await q.isPaused());
  await q.close();
  return out;
}

test('BullMQ queue scenario: same end state on redis-server and Cinder', { skip: bullmqUrl === null ? 'bullmq not installed' : false }, async () => {
  const a = await scenario(pair.oracle.port);
  const b = await scenario(pair.cinder.port);
  assert.deepEqual(b, a);
});
