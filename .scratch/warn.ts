import { instance } from '@viz-js/viz';
import { toDot } from '../src/diagram/dot.ts';
import { toy } from './toy.ts';
const viz = await instance();
const r = viz.render(toDot(toy), { format: 'svg' });
console.log(r.status, JSON.stringify(r.errors));
