import { toMermaid } from '../src/diagram/mermaid.ts';
import { toy } from './toy.ts';
process.stdout.write(toMermaid(toy));
