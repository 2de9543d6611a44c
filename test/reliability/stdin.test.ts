import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { MAX_REQUEST_BYTES } from '../../src/server/line-guard.ts';
import { RawServer } from './raw-server.ts';

let fake: FakeUpstream;
let server: RawServer;
let next = 1;

/** After any garbage, the server must still answer a real request. */
async function stillServing() {
  const id = next++;
  await server.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_mep_details', arguments: { id: '1294' } } });
  const r = await server.response(id);
  expect((r.result as { structuredContent?: { id?: string } }).structuredContent?.id).toBe('1294');
}

beforeAll(async () => {
  fake = await startFakeUpstream();
  server = RawServer.start(fake);
  await server.initialize();
});
afterAll(async () => {
  await server.kill();
  await fake.close();
});

describe('garbage on stdin', () => {
  it('skips lines that are not JSON, or not JSON-RPC', async () => {
    for (const line of ['not json', '{', '}{', '"a string"', '42', 'null', '{"jsonrpc":"1.0","id":1}', '{"method":7}', '\u0000\u0001\u00ff', '  ', '{"jsonrpc":"2.0","id":{},"method":"ping"}']) {
      await server.write(`${line}\n`);
    }
    await stillServing();
    expect(server.stderr).toContain('unreadable message on stdin');
  });

  it('skips JSON-RPC batches, which this protocol version does not have', async () => {
    await server.write(`${JSON.stringify([{ jsonrpc: '2.0', id: 'b1', method: 'ping' }, { jsonrpc: '2.0', id: 'b2', method: 'ping' }])}\n`);
    await stillServing();
  });

  it('answers an unknown method with a JSON-RPC error', async () => {
    await server.send({ jsonrpc: '2.0', id: 'u1', method: 'no/such/method' });
    expect((await server.response('u1')).error).toMatchObject({ code: -32601 });
  });

  it('refuses a huge line with an error naming the limit, and goes on', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 'huge', method: 'tools/call', params: { name: 'get_meps', arguments: { pad: 'x'.repeat(12 * 1024 * 1024) } } });
    await server.write(`${huge}\n`);
    const r = await server.response('huge', 20_000);
    expect((r.error as { message: string }).message).toContain(`${MAX_REQUEST_BYTES}-byte limit`);
    await stillServing();
  });

  it('survives a huge line with no id and a line split across many writes', async () => {
    await server.write(`${'y'.repeat(11 * 1024 * 1024)}\n`);
    const msg = JSON.stringify({ jsonrpc: '2.0', id: 'split', method: 'ping' });
    for (const ch of msg) await server.write(ch);
    await server.write('\n');
    expect(await server.response('split')).toMatchObject({ result: {} });
    await stillServing();
  });

  it('writes nothing but JSON-RPC lines to stdout', () => {
    for (const m of server.messages()) expect(m.jsonrpc).toBe('2.0');
    expect(server.child.exitCode).toBeNull();
  });
});
