import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_ENV, auditCommand } from '../../src/audit/cli.ts';
import { AuditTrail } from '../../src/audit/trail.ts';
import { KEY, joined, linesOf, tempDir, writeTrail, removeTempDirs } from './helpers.ts';

const HEX = KEY.toString('hex');

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = { out: '', err: '' };
  const code = await auditCommand(argv, { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s) }, env);
  return { code, ...io };
}

/** A trail plus its key file where the CLI looks by default. */
function trailWithKeyFile(n = 20) {
  const dir = tempDir();
  const file = writeTrail(dir, n);
  writeFileSync(join(dir, 'audit.key'), `${HEX}\n`, { mode: 0o600 });
  return { dir, file };
}

afterAll(removeTempDirs);

describe('audit verify', () => {
  it('reports a verified trail and exits 0, finding the key next to the file', async () => {
    const { file } = trailWithKeyFile();
    expect(await run(['verify', file])).toEqual({ code: 0, out: `${file}: 20 entries verified\n`, err: '' });
  });

  it('groups thousands in the count', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const trail = AuditTrail.open({ file, key: KEY });
    for (let i = 0; i < 1234; i++) trail.append('t', { i });
    trail.close();
    expect((await run(['verify', file, '--key', HEX])).out).toBe(`${file}: 1,234 entries verified\n`);
  });

  it('takes the key from --key, --key=, --key-file and the environment', async () => {
    const dir = tempDir();
    const file = writeTrail(dir, 3);
    const keyFile = join(tempDir(), 'k');
    writeFileSync(keyFile, HEX);
    expect((await run(['verify', file, '--key', KEY.toString('base64')])).code).toBe(0);
    expect((await run(['verify', `--key=${HEX}`, file])).code).toBe(0);
    expect((await run(['verify', file, '--key-file', keyFile])).code).toBe(0);
    expect((await run(['verify', file], { [KEY_ENV]: HEX })).code).toBe(0);
  });

  it('names the tampered line and exits 1', async () => {
    const { file } = trailWithKeyFile();
    const lines = linesOf(file);
    expect(lines[15]).toContain('"dave"');
    lines[15] = lines[15]!.replace('"dave"', '"dAve"');
    writeFileSync(file, joined(lines));
    const r = await run(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${file}: line 16 (seq 15): edited — the MAC does not match its content\n`);
  });

  it('says that the complete entries verify when the last line is torn, and exits 1', async () => {
    const { file } = trailWithKeyFile();
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -25));
    const r = await run(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      `${file}: all 19 entries before the last line verified`,
      `${file}: line 20: truncated — the last line is incomplete (a crash in the middle of a write?)`,
      '',
    ]);
  });

  it('exits 2 with a clear message for usage errors', async () => {
    const { dir, file } = trailWithKeyFile();
    const missing = await run(['verify', join(dir, 'nope.jsonl')]);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toMatch(/^audit: .*nope\.jsonl: no such file\nusage: audit verify/);

    const keyless = writeTrail(tempDir(), 2);
    expect((await run(['verify', keyless])).err).toMatch(/^audit: no audit key: .*audit\.key does not exist \(give --key-file, --key or \$EUROPARL_MCP_AUDIT_KEY\)/);
    expect((await run(['verify', file, '--key-file', join(dir, 'gone.key')])).err).toMatch(/key file .*gone\.key does not exist/);
    expect((await run(['verify', file, '--key', 'abcd'])).err).toMatch(/^audit: --key: the audit key is 2 bytes/);
    expect((await run(['verify', file], { [KEY_ENV]: 'zz!' })).err).toMatch(/^audit: EUROPARL_MCP_AUDIT_KEY: the audit key must be hex or base64/);
    expect((await run(['verify', file, '--key', HEX, '--key-file', 'x'])).err).toMatch(/either --key or --key-file/);
    expect((await run(['verify', file, '--key'])).err).toMatch(/--key needs a value/);
    expect((await run(['verify'])).err).toMatch(/verify needs the audit file/);
    expect((await run(['verify', file, '--bogus'])).err).toMatch(/unknown option '--bogus'/);
    expect((await run(['check', file])).err).toMatch(/unknown command 'check'/);
    expect((await run([])).err).toMatch(/missing command/);
    for (const argv of [['verify', join(dir, 'nope.jsonl')], ['verify', keyless], ['check'], []]) {
      expect((await run(argv)).code).toBe(2);
    }
  });

  it('prints usage for --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^usage: audit verify <file>/);
  });
});
