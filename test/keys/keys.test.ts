import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCredentials } from '../../actors/credentials.ts';
import { createActor, toPromise } from 'xstate';
import { hashKey, keyIdOf, newKey, verifyKey } from '../../src/keys/hash.ts';
import { KeyFile } from '../../src/keys/file.ts';
import { keysCommand } from '../../src/keys/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'europarl-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = keysCommand(argv, { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) });
  return { code, ...out };
}

describe('key hashes', () => {
  it('generated keys: a fast hash; chosen keys: salted scrypt; both verify only the right key', () => {
    const { key, id } = newKey();
    expect(keyIdOf(key)).toBe(id);
    const fast = hashKey(key, false);
    expect(fast).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verifyKey(key, fast)).toBe(true);
    expect(verifyKey(`${key}x`, fast)).toBe(false);
    const slow = hashKey('correct horse battery', true);
    expect(slow).toMatch(/^scrypt:/);
    expect(slow).not.toBe(hashKey('correct horse battery', true)); // salted
    expect(verifyKey('correct horse battery', slow)).toBe(true);
    expect(verifyKey('correct horse batterY', slow)).toBe(false);
    expect(verifyKey('anything', 'md5:abc')).toBe(false);
  });
});

describe('europarl-mcp keys', () => {
  const file = join(dir, 'keys.json');

  it('create prints the key once; the file holds only its hash, with mode 0600', () => {
    const r = run(['create', '--principal', 'alice', '--role', 'analyst', '--key-file', file]);
    expect(r.code).toBe(0);
    const key = r.stdout.trim();
    expect(keyIdOf(key)).not.toBeNull();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [entry] = new KeyFile(file).active();
    expect(entry).toMatchObject({ principal: 'alice', roles: ['analyst'] });
    expect(verifyKey(key, entry!.hash)).toBe(true);
  });

  it('the key verifies for its principal only, through the session verifier', async () => {
    const r = run(['create', '--principal', 'bob', '--role', 'reader', '--key-file', file]);
    const key = r.stdout.trim();
    const keys = async () => new KeyFile(file).active();
    const check = (principal: string, credential: string) => toPromise(createActor(verifyCredentials(keys), { input: { principal, credential } }).start());
    expect(await check('bob', key)).toMatchObject({ valid: true, roles: ['reader'] });
    expect(await check('alice', key)).toMatchObject({ valid: false });
    expect(await check('bob', 'epk_00000000_' + 'A'.repeat(43))).toMatchObject({ valid: false });
  });

  it('list shows ids, principals and roles; revoke ends a key', () => {
    const listed = run(['list', '--key-file', file]);
    expect(listed.stdout).toMatch(/alice\s+analyst/);
    expect(listed.stdout).toMatch(/bob\s+reader/);
    expect(run(['revoke', '--principal', 'bob', '--key-file', file]).code).toBe(0);
    expect(new KeyFile(file).active().map((k) => k.principal)).toEqual(['alice']);
    expect(run(['list', '--key-file', file]).stdout).toMatch(/bob.*revoked/);
  });

  it('refuses bad input with a clear message and exit code 2', () => {
    expect(run(['create', '--principal', 'carol', '--key-file', file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--role is required/) });
    expect(run(['create', '--principal', 'carol', '--role', 'root', '--key-file', file]).stderr).toMatch(/unknown role root/);
    expect(run(['create', '--principal', 'carol', '--role', 'reader', '--key', 'short', '--key-file', file]).stderr).toMatch(/at least 12/);
    expect(run(['revoke', '--id', 'ffffffff', '--key-file', file]).stderr).toMatch(/no active key/);
    expect(run(['frobnicate']).code).toBe(2);
  });

  it('works from the command line, the key on stdout and everything else on stderr', () => {
    const out = execFileSync(process.execPath, ['bin/europarl-mcp.js', 'keys', 'create', '--principal', 'dave', '--role', 'admin', '--key-file', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(keyIdOf(out.trim())).not.toBeNull();
  });
});
