import { cacheEntryMachine } from './cache-entry.ts';
import { cacheEntryDistributedMachine } from './cache-entry-distributed.ts';
import { circuitBreakerMachine } from './circuit-breaker.ts';
import { connectionMachine } from './connection.ts';
import { reportWorkflowMachine } from './report-workflow.ts';
import { requestPipelineMachine } from './request-pipeline.ts';
import { sessionMachine } from './session.ts';
import { workerMachine } from './worker.ts';

export { cacheEntryMachine, cacheEntryDistributedMachine, circuitBreakerMachine, connectionMachine, reportWorkflowMachine, requestPipelineMachine, sessionMachine, workerMachine };

/** Every lifecycle, keyed by the name of its spec diagram. */
export const machines = {
  connection: connectionMachine,
  session: sessionMachine,
  'cache-entry': cacheEntryMachine,
  'circuit-breaker': circuitBreakerMachine,
  'request-pipeline': requestPipelineMachine,
  worker: workerMachine,
  'report-workflow': reportWorkflowMachine,
  'cache-entry-distributed': cacheEntryDistributedMachine,
} as const;

export type MachineKey = keyof typeof machines;
