import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AuditTrail, digestArgs } from '../../src/audit/trail.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import { KEY, OTHER_KEY, linesOf, tempDir, writeTrail, removeTempDirs } from './helpers.ts';

const verifyFile = (file: string) => verifyAudit(readFileSync(file, 'utf8'), KEY);
const fakeLogger = () => ({ warn: vi.fn(), debug: vi.fn() }) as unknown as Logger & { warn: ReturnType<typeof vi.fn> };

afterAll(removeTempDirs);

describe('AuditTrail', () => {
  it('continues the chain after a restart', () => {
    const dir = tempDir();
    writeTrail(dir, 10);
    const file = writeTrail(dir, 10, 10);
    const seqs = linesOf(file).map((l) => JSON.parse(l).seq);
    expect(seqs).toEqual([...Array(20).keys()]);
    expect(verifyFile(file)).toEqual({ ok: true, entries: 20 });
  });

  it('creates the file owner-only, in a directory it creates', () => {
    const file = join(tempDir(), 'nested', 'audit.jsonl');
    const trail = AuditTrail.open({ file, key: KEY });
    trail.append('x');
    trail.close();
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('drops a torn last line on open, says so, and goes on verifiably', () => {
    const dir = tempDir();
    const file = writeTrail(dir, 5);
    const whole = linesOf(file);
    appendFileSync(file, '{"seq":5,"ts":"2024-');
    const logger = fakeLogger();
    const trail = AuditTrail.open({ file, key: KEY, logger });
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(trail.seq).toBe(5);
    trail.append('after.crash', { n: 1 });
    trail.close();
    expect(linesOf(file).slice(0, 5)).toEqual(whole);
    expect(verifyFile(file)).toEqual({ ok: true, entries: 6 });
  });

  it('starts afresh when the only line is torn', () => {
    const file = join(tempDir(), 'audit.jsonl');
    writeFileSync(file, '{"seq":0,"ts"');
    const trail = AuditTrail.open({ file, key: KEY, logger: fakeLogger() });
    expect(trail.seq).toBe(0);
    trail.append('first');
    trail.close();
    expect(verifyFile(file)).toEqual({ ok: true, entries: 1 });
  });

  it('keeps a complete last entry that only lacks its newline', () => {
    const file = writeTrail(tempDir(), 3);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -1));
    const trail = AuditTrail.open({ file, key: KEY });
    expect(trail.seq).toBe(3);
    trail.append('x');
    trail.close();
    expect(verifyFile(file)).toEqual({ ok: true, entries: 4 });
  });

  it('reads only the tail, across chunks, when the last entry is long', () => {
    const file = join(tempDir(), 'audit.jsonl');
    let trail = AuditTrail.open({ file, key: KEY });
    trail.append('big', { blob: 'x'.repeat(200_000) });
    trail.append('big', { blob: 'y'.repeat(150_000) });
    trail.close();
    trail = AuditTrail.open({ file, key: KEY });
    expect(trail.seq).toBe(2);
    trail.append('small');
    trail.close();
    expect(verifyFile(file)).toEqual({ ok: true, entries: 3 });
  });

  it('refuses to chain onto a last entry that does not verify', () => {
    const file = writeTrail(tempDir(), 3);
    expect(() => AuditTrail.open({ file, key: OTHER_KEY })).toThrow(/last entry does not verify/);
  });

  it('never writes secrets, at any depth and in any case', () => {
    const file = join(tempDir(), 'audit.jsonl');
    const trail = AuditTrail.open({ file, key: KEY });
    const entry = trail.append('tool.call', {
      principal: 'alice',
      token: 'SECRET-1',
      request: { headers: { Authorization: 'Basic SECRET-2', 'x-trace': 'Bearer SECRET-3' } },
      list: [{ apiKey: 'SECRET-4' }, { API_KEY: 'SECRET-5' }, { Password: { nested: 'SECRET-6' } }],
      credential: { user: 'u', secret: 'SECRET-7' },
      key: 'SECRET-8',
    });
    trail.close();
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('SECRET');
    expect(raw.match(/\[redacted\]/g)).toHaveLength(8);
    expect(entry).toMatchObject({ principal: 'alice', list: [{ apiKey: '[redacted]' }, { API_KEY: '[redacted]' }, { Password: '[redacted]' }] });
    expect(verifyFile(file)).toEqual({ ok: true, entries: 1 });
  });

  it('rejects fields that would shadow the entry’s own, and appends after close', () => {
    const trail = AuditTrail.open({ file: join(tempDir(), 'a.jsonl'), key: KEY });
    expect(() => trail.append('x', { mac: 'f'.repeat(64) })).toThrow(/reserved/);
    expect(() => trail.append('x', { seq: 9 })).toThrow(/reserved/);
    trail.close();
    expect(() => trail.append('x')).toThrow(/closed/);
  });

  it('digests tool arguments independently of key order', () => {
    expect(digestArgs({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(digestArgs({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(digestArgs({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(digestArgs({ a: 1 })).not.toBe(digestArgs({ a: 2 }));
    expect(digestArgs(undefined)).toBe(digestArgs(null));
  });
});
