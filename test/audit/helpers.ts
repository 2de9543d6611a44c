import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail, digestArgs } from '../../src/audit/trail.ts';

export const KEY = Buffer.alloc(32, 7);
export const OTHER_KEY = Buffer.alloc(32, 9);

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'europarl-audit-'));
  dirs.push(dir);
  return dir;
}

/** For afterAll in each test file. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const PRINCIPALS = ['alice', 'bob', 'carol', 'dave'];

/** Appends n entries (seq i on line i + 1) and returns the file. */
export function writeTrail(dir: string, n = 20, from = 0): string {
  const file = join(dir, 'audit.jsonl');
  const trail = AuditTrail.open({ file, key: KEY });
  for (let i = from; i < from + n; i++) {
    const args = { query: `meps ${i}`, limit: i };
    trail.append(i % 5 === 0 ? 'session.open' : 'tool.call', { principal: PRINCIPALS[i % 4], tool: 'search_meps', args: digestArgs(args) });
  }
  trail.close();
  return file;
}

/** The file as lines, without the final empty string. */
export function linesOf(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

export const joined = (lines: string[]) => `${lines.join('\n')}\n`;
