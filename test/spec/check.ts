import { machines } from '../../machines/index.ts';
import { check } from './conformance.ts';

/** `npm run spec-check`: every seed transition of every machine, from the copy in test/spec/diagrams. */
let held = 0;
let total = 0;
for (const [name, machine] of Object.entries(machines)) {
  const r = check(name, machine);
  held += r.held;
  total += r.total;
  console.log(`${r.missing.length ? 'GAPS' : 'OK  '} ${name}: ${r.held}/${r.total} seed transitions`);
  for (const m of r.missing) console.log(`       missing: ${m}`);
}
console.log(`spec-check: ${held}/${total} seed transitions held`);
process.exitCode = held === total ? 0 : 1;
