import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFrom, loadOrCreateAuditKey } from '../../src/audit/key.ts';
import { tempDir, removeTempDirs } from './helpers.ts';

const posix = process.platform !== 'win32';

afterAll(removeTempDirs);

describe('audit key', () => {
  it('creates a 32-byte hex key file with mode 0600, then reads the same key back', () => {
    const path = join(tempDir(), 'keys', 'audit.key');
    const first = loadOrCreateAuditKey(path);
    expect(first).toMatchObject({ created: true, tightened: false });
    expect(first.key).toHaveLength(32);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.key.toString('hex'));
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateAuditKey(path);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
  });

  it.skipIf(!posix)('tightens a key file others can read, and says so', () => {
    const path = join(tempDir(), 'audit.key');
    writeFileSync(path, 'ab'.repeat(32));
    chmodSync(path, 0o644);
    expect(loadOrCreateAuditKey(path)).toMatchObject({ created: false, tightened: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('names the file when its key is bad', () => {
    const path = join(tempDir(), 'audit.key');
    writeFileSync(path, 'abcd', { mode: 0o600 });
    expect(() => loadOrCreateAuditKey(path)).toThrow(`${path}: the audit key is 2 bytes`);
  });

  it('takes a key as hex or base64 of at least 32 bytes, with clear errors', () => {
    const bytes = Buffer.alloc(32, 0xfe);
    expect(keyFrom(bytes.toString('hex')).equals(bytes)).toBe(true);
    expect(keyFrom(` ${bytes.toString('hex').toUpperCase()}\n`).equals(bytes)).toBe(true);
    expect(keyFrom(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(keyFrom(bytes.toString('base64url')).equals(bytes)).toBe(true);
    expect(() => keyFrom('ab'.repeat(16))).toThrow('the audit key is 16 bytes; at least 32 are needed (64 hex digits)');
    expect(() => keyFrom(`${'ab'.repeat(32)}a`)).toThrow(/odd number of digits/);
    expect(() => keyFrom('not a key!')).toThrow(/must be hex or base64/);
    expect(() => keyFrom('')).toThrow(/empty/);
  });
});
