import type { ToolDefinition, ToolRegistry } from '../tools.ts';
import { analyzeCoalitionDynamics } from './analyze-coalition-dynamics.ts';
import { analyzeVotingPatterns } from './analyze-voting-patterns.ts';
import { assessMepInfluence } from './assess-mep-influence.ts';
import { detectVotingAnomalies } from './detect-voting-anomalies.ts';
import { generatePoliticalRiskAssessment } from './generate-political-risk-assessment.ts';
import { generateReport } from './generate-report.ts';
import { getCommitteeInfo } from './get-committee-info.ts';
import { getMepDetails } from './get-mep-details.ts';
import { getMeps } from './get-meps.ts';
import { getParliamentaryQuestions } from './get-parliamentary-questions.ts';
import { getPlenarySessions } from './get-plenary-sessions.ts';
import { getVotingRecords } from './get-voting-records.ts';
import { mapPoliticalNetwork } from './map-political-network.ts';
import { searchDocuments } from './search-documents.ts';
import { trackLegislation } from './track-legislation.ts';

const all: ToolDefinition<any, any>[] = [
  getMeps,
  getMepDetails,
  getPlenarySessions,
  getVotingRecords,
  searchDocuments,
  getCommitteeInfo,
  getParliamentaryQuestions,
  analyzeVotingPatterns,
  trackLegislation,
  generateReport,
  assessMepInfluence,
  analyzeCoalitionDynamics,
  mapPoliticalNetwork,
  detectVotingAnomalies,
  generatePoliticalRiskAssessment,
];

/** Every EP data tool, by name. */
export const epTools: ToolRegistry = new Map(all.map((t) => [t.name, t]));
