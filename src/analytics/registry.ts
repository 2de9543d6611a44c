// Every named analytic. Only the analytics threads (and inline runs) load this:
// the main thread of the server reaches it lazily, so graphology stays out of start-up.
import { coalitionDynamics } from './coalition-dynamics.ts';
import { mepInfluence } from './mep-influence.ts';
import { politicalNetwork } from './political-network.ts';
import { riskAssessment } from './risk-assessment.ts';
import { votingAnomalies } from './voting-anomalies.ts';
import { votingPatterns } from './voting-patterns.ts';

export const ANALYTICS = {
  votingPatterns,
  coalitionDynamics,
  politicalNetwork,
  votingAnomalies,
  riskAssessment,
  mepInfluence,
} as const;
