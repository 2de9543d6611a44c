import { toDot, renderSvg } from '../src/diagram/dot.ts';
import { writeFileSync } from 'node:fs';
import { toy } from './toy.ts';
const dot = toDot(toy);
process.stdout.write(dot);
const a = await renderSvg(dot); const b = await renderSvg(toDot(toy));
console.log('same', a === b, a.length);
writeFileSync('.scratch/toy.svg', a);
