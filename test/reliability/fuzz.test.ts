import fc from 'fast-check';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../e2e/harness.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { argumentsFor } from './arguments.ts';

/** Calls per tool: a short run in `npm test`; FUZZ_RUNS=2000 for a long one. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

let fake: FakeUpstream;
let server: Running;
let tools: Array<{ name: string; inputSchema: object }> = [];
let tried = 0;
const answered = { ok: 0, refused: 0 };

beforeAll(async () => {
  fake = await startFakeUpstream();
  server = await startServer(fake);
  tools = (await server.client.listTools()).tools;
}, 30_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe('fuzzed tool arguments', () => {
  it('every tool always answers: a result, or an isError saying what was wrong; never a crash or a hang', async () => {
    expect(tools.length).toBeGreaterThanOrEqual(11);
    for (const tool of tools) {
      await fc.assert(
        fc.asyncProperty(argumentsFor(tool.inputSchema), async (args) => {
          tried++;
          const r = await server.client.request({ method: 'tools/call', params: { name: tool.name, arguments: args } }, CallToolResultSchema, { timeout: 20_000 });
          const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
          answered[r.isError ? 'refused' : 'ok']++;
          if (r.isError) {
            expect(text.length, `${tool.name} ${JSON.stringify(args)}`).toBeGreaterThan(10);
            expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack traces
            expect(text).not.toMatch(/\[object Object\]|TypeError|Cannot read propert/);
          } else {
            expect(r.structuredContent, `${tool.name} ${JSON.stringify(args)}`).toBeTypeOf('object');
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // Still serving, and nothing the client sent steered an upstream URL.
    expect((await server.client.callTool({ name: 'get_server_health', arguments: {} })).isError).toBeFalsy();
    for (const path of Object.keys(fake.counts().byPath)) {
      expect(path).toMatch(/^\/(api\/v2|doceo)\/[A-Za-z0-9/_.\-]*$/);
      expect(path.split('/')).not.toContain('..');
    }
    expect(tried).toBe(RUNS * tools.length);
    // The generator reaches the data path, not only the schema checks.
    expect(answered.ok).toBeGreaterThan(tried / 10);
    console.error(`fuzz: ${tried} calls, ${answered.ok} answered with data, ${answered.refused} refused with a message`);
  }, 600_000);
});
