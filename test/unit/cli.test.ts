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

  async function started() {
    const child = spawn(process.execPath, ['bin/europarl-mcp.js', '--store', 'memory'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const io = { out: '', err: '' };
    child.stdout.on('data', (d) => (io.out += d));
    child.stderr.on('data', (d) => (io.err += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no start-up log: ${io.err}`)), 15_000);
      child.stderr.on('data', () => io.err.includes('serving MCP over stdio') && (clearTimeout(t), resolve()));
    });
    return { child, io, exit: new Promise((r) => child.on('exit', r)) };
  }

  it('serves over stdio, writes nothing to stdout unasked (the MCP channel), and stops on SIGTERM', async () => {
    const { child, io, exit } = await started();
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(io.err).toContain('actor system stopped');
    expect(io.out).toBe('');
  }, 30_000);

  it('shuts down gracefully when the client closes stdin', async () => {
    const { child, io, exit } = await started();
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(io.err).toContain('stdin closed');
    expect(io.err).toContain('actor system stopped');
  }, 30_000);
});
