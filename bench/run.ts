/**
 * `npm run bench -- <name>`: runs one benchmark, prints a table, and ends with
 * one JSON line of its figures.
 */
const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  teardown: async () => (await import('./teardown.ts')).run(),
  'hot-path': async () => (await import('./hot-path.ts')).run(),
  coalescing: async () => (await import('./coalescing.ts')).run(),
  outage: async () => (await import('./outage.ts')).run(),
  startup: async () => (await import('./startup.ts')).run(),
  sessions: async () => (await import('./sessions.ts')).run(),
  doceo: async () => (await import('./doceo.ts')).run(),
  chaos: async () => (await import('./chaos.ts')).run(),
  'shared-state': async () => (await import('./shared-state.ts')).run(),
  report: async () => (await import('./report.ts')).run(),
  analytics: async () => (await import('./analytics.ts')).run(),
  l2: async () => (await import('./l2.ts')).run(),
  workers: async () => (await import('./workers.ts')).run(),
};

const name = process.argv[2];
if (!name || !benches[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
const figures = await benches[name]!();
const rows = Object.entries(figures).map(([k, v]) => `${k.padEnd(28)} ${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : JSON.stringify(v)}`);
console.log(`${name}\n${'-'.repeat(48)}\n${rows.join('\n')}`);
console.log(JSON.stringify({ bench: name, ...figures }));
