import { coverageOf } from './coverage-lib.ts';
import { models } from './models.ts';
import { pathsFor } from './paths.ts';

/** `npm run model-coverage`: one JSON line of states and transitions covered by the generated paths. */
const report: Record<string, { states: [number, number]; transitions: [number, number] }> = {};
for (const model of Object.values(models)) {
  const { shortest, simple } = pathsFor(model);
  const c = coverageOf(model, [...shortest, ...simple]);
  report[model.key] = { states: c.states, transitions: c.transitions };
  for (const m of [...c.missingStates.map((s) => `state ${s}`), ...c.missingTransitions]) console.error(`${model.key}: not covered: ${m}`);
}
console.log(JSON.stringify(report));
