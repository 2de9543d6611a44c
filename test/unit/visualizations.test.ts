import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { and, assign, fromPromise, not, setup } from 'xstate';
import { machines } from '../../machines/index.ts';
import { toMermaid } from '../../src/diagram/mermaid.ts';
import { renderSvg, toDot } from '../../src/diagram/dot.ts';
import { generateDiagrams, VISUALIZATIONS_DIR } from '../../src/visualize.ts';

const toy = setup({
  guards: { isOk: () => true },
  delays: { wait: 1000 },
  actors: { work: fromPromise(async () => 1) },
  actions: { log: () => {} },
}).createMachine({
  id: 'toy',
  initial: 'idle',
  states: {
    idle: {
      invoke: { src: 'work' },
      on: {
        START: { target: 'busy', guard: 'isOk', actions: ['log', assign({})] },
        PING: { actions: 'log' },
        MAYBE: { target: 'busy', guard: and(['isOk', not('isOk')]) },
      },
      after: { wait: 'busy', 30000: 'done' },
    },
    busy: {
      initial: 'working',
      invoke: { id: 'job', src: 'work', onDone: 'done', onError: 'idle' },
      states: {
        working: { always: { target: 'idle', guard: 'isOk' } },
        idle: { on: { AGAIN: 'working' } },
      },
    },
    done: { type: 'final' },
  },
});

describe('toMermaid', () => {
  const text = toMermaid(toy);
  const lines = text.trimEnd().split('\n');

  it('labels guards, delays, invoke results and eventless transitions', () => {
    expect(text).toContain('idle --> busy : START [isOk] / log, assign');
    expect(text).toContain('idle --> busy : MAYBE [isOk && !isOk]');
    expect(text).toContain('idle --> busy : after wait');
    expect(text).toContain('idle --> done : after 30000ms');
    // `:` is not allowed in Mermaid labels; #58; is its entity code for it.
    expect(text).toContain('busy --> done : done#58; job');
    expect(text).toContain('busy --> idle : error#58; job');
    expect(text).toContain('working --> busy_idle : always [isOk]');
    expect(text).toContain('idle : invoke work');
  });

  it('draws targetless transitions as self-loops', () => {
    expect(text).toContain('idle --> idle : PING / log');
  });

  it('nests compound states, disambiguates repeated keys, marks initial and final states', () => {
    expect(text).toMatch(/^ {2}state "busy \(invoke work as job\)" as busy \{$/m);
    expect(text).toMatch(/^ {4}state "idle" as busy_idle$/m);
    expect(text).toMatch(/^ {4}\[\*\] --> working$/m);
    expect(text).toMatch(/^ {2}\[\*\] --> idle$/m);
    expect(text).toMatch(/^ {2}done --> \[\*\]$/m);
  });

  it('emits only well-formed stateDiagram-v2 lines', () => {
    const id = '[A-Za-z_][A-Za-z0-9_]*';
    const end = `(?:\\[\\*\\]|${id})`;
    // Mermaid's lexer stops at `:` and `;`; those only appear inside entity codes.
    const label = '(?:[^:;#\\n]|#\\d+;)+';
    const patterns = [
      /^stateDiagram-v2$/,
      new RegExp(`^\\s*state (?:"[^"\\n]*" as )?${id}(?: \\{)?$`),
      /^\s*\}$/,
      /^\s*--$/,
      new RegExp(`^\\s*${end} --> ${end}(?: : ${label})?$`),
      new RegExp(`^\\s*${id} : ${label}$`),
      new RegExp(`^\\s*${id}$`),
    ];
    expect(lines.filter((line) => !patterns.some((p) => p.test(line)))).toEqual([]);
    const opened = lines.filter((l) => l.endsWith('{')).length;
    expect(lines.filter((l) => l.trim() === '}').length).toBe(opened);
  });

  it('declares every state before a transition refers to it', () => {
    const declared = new Set<string>();
    for (const line of lines) {
      const decl = /^\s*(?:state (?:"[^"]*" as )?)?([A-Za-z_]\w*)(?: \{)?$/.exec(line);
      if (decl) declared.add(decl[1]!);
      const edge = /^\s*(\S+) --> (\S+)/.exec(line);
      for (const end of edge ? [edge[1]!, edge[2]!] : []) {
        if (end !== '[*]') expect(declared, `${end} used before declared`).toContain(end);
      }
    }
  });

  it('is deterministic', () => {
    expect(toMermaid(toy)).toBe(text);
  });
});

describe('toDot / renderSvg', () => {
  it('renders the same SVG twice, with the same labels', async () => {
    const dot = toDot(toy);
    expect(dot).toContain('label="done: job"');
    expect(dot).toContain('label="after 30000ms"');
    const [a, b] = [await renderSvg(dot), await renderSvg(toDot(toy))];
    expect(a).toBe(b);
    expect(a).toContain('<svg');
    expect(a).toContain('START [isOk] / log, assign');
  });
});

describe('visualizations/', () => {
  it('matches the machines (run `npm run visualize` if this fails)', { timeout: 60_000 }, async () => {
    const files = await generateDiagrams(machines);
    expect(files.size).toBeGreaterThan(1);
    const stale: string[] = [];
    for (const [name, content] of files) {
      const current = await readFile(join(VISUALIZATIONS_DIR, name)).catch(() => undefined);
      if (!current?.equals(Buffer.from(content))) stale.push(name);
    }
    expect(stale, `visualizations/ is stale: run \`npm run visualize\` and commit the result`).toEqual([]);
  });
});
