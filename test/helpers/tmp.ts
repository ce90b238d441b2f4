/**
 * Temp dirs for tests that are removed when the test process exits.
 *
 * `node --test` runs each test file in its own process, so a dir made here lives as long as
 * the file's tests and is gone afterwards, whether the tests passed or failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** Removes every dir made by {@link tempDir} (recursive, ignoring ones already gone). */
function removeAll(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* a dir still in use by a killed child: left for the OS */
    }
  }
}

/**
 * A fresh dir `<os tmpdir>/cinder-<tag>-XXXXXX`, removed with its contents when this process
 * exits.
 */
export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cinder-' + tag + '-'));
  made.push(dir);
  return dir;
}

process.on('exit', removeAll);
