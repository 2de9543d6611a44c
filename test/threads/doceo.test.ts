import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceLoader } from '../../actors/pipeline.ts';
import { loadConfig } from '../../src/config.ts';
import { parseRollCalls, parseVoteResults } from '../../src/doceo/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { createSystem } from '../../src/system.ts';
import type { Source } from '../../src/tools.ts';
import { testEnvironment, type MemoryStore } from '../support/env.ts';

const rcv = readFileSync(new URL('../doceo/samples/handwritten-real-layout-rcv.xml', import.meta.url), 'utf8');
const vot = readFileSync(new URL('../doceo/samples/handwritten-real-layout-vot.xml', import.meta.url), 'utf8');
const rcvSource: Source = { family: 'doceo', path: 'document/PV-10-2030-01-15-RCV_EN.xml', accept: 'application/xml', ttl: 'vote', optional: true };
const votSource: Source = { ...rcvSource, path: 'document/PV-10-2030-01-15-VOT_EN.xml' };

/** The real EP handlers over a scripted DOCEO upstream. */
function world(body: (path: string) => string | Error, seed?: MemoryStore) {
  const t = testEnvironment(async (req) => {
    const b = body(req.path);
    if (b instanceof Error) throw b;
    return b;
  });
  if (seed) for (const [k, v] of seed.data) t.store.data.set(k, v);
  const system = createSystem({ env: t.env, config: loadConfig({ system: { shards: 2 }, retry: { maxAttempts: 1 } }), handlers: epHandlers });
  const load = (s: Source) => sourceLoader(system.deps, s)(new AbortController().signal);
  return { ...t, system, load };
}

const files = (path: string) => (path.includes('-RCV_') ? rcv : vot);

describe('DOCEO files on the doceo handler', () => {
  it('are fetched through the doceo breaker, kept raw in L2, and parsed in the instance\'s thread', async () => {
    const w = world(files);
    const got = await w.load(rcvSource);
    expect(got.value).toEqual(parseRollCalls(rcv));
    expect(await w.load(votSource).then((g) => g.value)).toEqual(parseVoteResults(vot));
    expect(w.calls.map((c) => [c.family, c.path])).toEqual([['doceo', rcvSource.path], ['doceo', votSource.path]]);
    expect(w.store.data.get(`data:doceo:${rcvSource.path}`)).toMatchObject({ value: rcv });
    const breakers = w.system.breakers.status();
    expect(breakers.doceo).toMatchObject({ passed: 2, successes: 2 });
    expect(breakers.meetings).toMatchObject({ passed: 0 });
    // One warm instance that owns one thread did both parses.
    const [id, ...more] = [...w.system.populations.workers.ids()];
    expect(more).toEqual([]);
    expect(w.system.runtime.thread(id!)?.alive).toBe(true);
    expect(w.system.status().workers.doceo).toMatchObject({ coldStarts: 1, warmInvocations: 1, instances: { warm: 1 } });
    w.system.stop();
  });

  it('a second server answers from the shared L2 without asking DOCEO, parsing in its own thread', async () => {
    const first = world(files);
    await first.load(rcvSource);
    first.system.stop();
    const second = world(() => new Error('DOCEO must not be asked'), first.store);
    const got = await second.load(rcvSource);
    expect(got).toMatchObject({ origin: 'store', value: parseRollCalls(rcv) });
    expect(second.calls).toEqual([]);
    expect(second.system.status().workers.doceo).toMatchObject({ coldStarts: 1 });
    second.system.stop();
  });

  it('a DOCEO outage opens the doceo breaker alone', async () => {
    const w = world(() => new UpstreamError('503 from DOCEO', { code: 'http_503', transient: true, status: 503 }));
    for (let i = 0; i < 5; i++) await expect(w.load(rcvSource)).rejects.toMatchObject({ code: 'http_503' });
    await expect(w.load(rcvSource)).rejects.toMatchObject({ code: 'circuit_open' });
    const breakers = w.system.breakers.status();
    expect(breakers.doceo?.state).toBe('open');
    expect(Object.entries(breakers).filter(([, b]) => b.state !== 'closed').map(([f]) => f)).toEqual(['doceo']);
    w.system.stop();
  });

  it('a file that is not vote XML comes back as unreadable, with the parser\'s reason; the thread lives on', async () => {
    const w = world((path) => (path.includes('2030-01-16') ? '<html><body>Service unavailable</body></html>' : rcv));
    const bad = await w.load({ ...rcvSource, path: 'document/PV-10-2030-01-16-RCV_EN.xml' });
    expect(bad.value).toEqual({ unreadable: { code: 'wrong_document', message: 'DOCEO RCV: root element <html>, expected <PV.RollCallVoteResults>' } });
    expect((await w.load(rcvSource)).value).toEqual(parseRollCalls(rcv));
    expect(w.system.status().workers.doceo).toMatchObject({ coldStarts: 1, threadsLost: 0 });
    w.system.stop();
  });
});
