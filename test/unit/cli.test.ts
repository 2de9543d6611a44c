import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli-args.ts';

describe('command line', () => {
  it('parses --store in both spellings and rejects what it does not know', () => {
    expect(parseArgs(['--store', 'memory'])).toMatchObject({ store: 'memory' });
    expect(parseArgs(['--store=sqlite://:memory:'])).toMatchObject({ store: 'sqlite://:memory:' });
    expect(() => parseArgs(['--store'])).toThrow(/--store needs a value/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown argument '--bogus'/);
  });

  it('starts the system, writes nothing to stdout (the MCP channel), and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/europarl-mcp.js', '--store', 'memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no start-up log: ${err}`)), 15_000);
      child.stderr.on('data', () => err.includes('actor system started') && (clearTimeout(t), resolve()));
    });
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(err).toContain('actor system stopped');
    expect(out).toBe('');
  }, 30_000);
});
