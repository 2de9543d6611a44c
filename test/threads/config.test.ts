import { describe, expect, it, vi } from 'vitest';
import { defaultConfig, limitsOf, loadConfig } from '../../src/config.ts';
import { siblingModule } from '../../src/threads/module-url.ts';
import { HandlerThread } from '../../src/threads/thread.ts';
import { threadModule } from './support.ts';

describe('handler limits', () => {
  it('default to the workers section and are overridden per handler', () => {
    expect(limitsOf(defaultConfig, 'doceo')).toEqual({ maxInstances: 4, memoryMb: 512, timeoutMs: 30_000 });
    const c = loadConfig({ workers: { maxInstancesPerHandler: 3, handlers: { doceo: { memoryMb: 128, timeoutMs: 5000 } } } });
    expect(limitsOf(c, 'doceo')).toEqual({ maxInstances: 3, memoryMb: 128, timeoutMs: 5000 });
    expect(limitsOf(c, 'meps')).toEqual({ maxInstances: 3, memoryMb: 512, timeoutMs: 30_000 });
  });

  it('a bad limit is named in the error', () => {
    expect(() => loadConfig({ workers: { memoryMb: 4 } })).toThrow(/workers\.memoryMb: Too small/);
    expect(() => loadConfig({ workers: { handlers: { doceo: { timeoutMs: -1 } } } })).toThrow(/workers\.handlers\.doceo\.timeoutMs/);
    expect(() => loadConfig({ workers: { handlers: { doceo: { threads: 2 } } } })).toThrow(/workers\.handlers\.doceo: Unrecognized key: "threads"/);
  });
});

describe('thread modules', () => {
  it('are found beside their handler, as .ts from sources and .js in the build', () => {
    expect(siblingModule('file:///app/src/handlers/doceo.ts', './doceo-parse.ts')).toBe('file:///app/src/handlers/doceo-parse.ts');
    expect(siblingModule('file:///app/dist/src/handlers/doceo.js', './doceo-parse.ts')).toBe('file:///app/dist/src/handlers/doceo-parse.js');
  });

  it('a handler writing to stdout does not reach stdout (the MCP channel): it goes to stderr', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const t = await HandlerThread.start({ handler: 'scripted', module: threadModule('scripted'), memoryMb: 64 });
    try {
      await t.ready;
      expect(await t.run({ mode: 'print' })).toEqual({ printed: true });
      await new Promise((r) => setTimeout(r, 50));
      expect(err.mock.calls.map(([c]) => String(c)).join('')).toContain('a handler writing to stdout');
      expect(out.mock.calls.map(([c]) => String(c)).join('')).not.toContain('a handler writing to stdout');
    } finally {
      out.mockRestore();
      err.mockRestore();
      await t.terminate();
    }
  });
});
