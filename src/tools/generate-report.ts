import { z } from 'zod';
import { reportInput, type ReportArgs } from '../report/input.ts';
import type { ToolDefinition } from '../tools.ts';
import { Notes } from './common.ts';

const analysis = z.record(z.string(), z.unknown()).describe('The analysis, or { skipped: reason } when there was nothing to analyse');
const output = z.object({
  reportId: z.string(),
  /** Where the stored copy can be read again. */
  uri: z.string(),
  reportType: z.string(),
  subjectId: z.string(),
  title: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  generatedAt: z.string(),
  markdown: z.string(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  analyses: z.object({ votingPatterns: analysis, coalitions: analysis, network: analysis }),
  coverage: z.object({ sittings: z.array(z.string()), rollCalls: z.number().int(), doceoSittings: z.array(z.string()), documents: z.number().int() }),
  notes: Notes,
});
type Output = z.infer<typeof output>;

/** A report runs as a report-workflow actor (machines/report-workflow.ts); the pipeline hands it the validated arguments. */
export const generateReport: ToolDefinition<ReportArgs, Output> = {
  name: 'generate_report',
  title: 'Generate a report',
  description:
    'A Markdown report with its facts and analyses as JSON: MEP_ACTIVITY (profile, seats, written questions, how the MEP voted), COMMITTEE_PERFORMANCE (the committee and its documents), ' +
    'VOTING_STATISTICS (one sitting\'s votes, outcomes and the documents voted) or LEGISLATION_PROGRESS (a procedure\'s stage, events, documents and votes). ' +
    'Where roll calls exist it adds voting patterns, coalition dynamics (Hix\'s Agreement Index per group, group alignment, winning coalitions) and a co-voting network. ' +
    'Takes seconds to minutes; sends progress at every step. The report is stored and can be read again at its uri (ep://reports/{id}).',
  family: 'meps',
  requiredRole: 'analyst',
  ttl: 'other',
  input: reportInput,
  output,
  workflow: 'report-workflow',
  sources: () => [],
  resultKey: (p) => JSON.stringify(p),
  transform: ([report]) => report as Output,
  render: (r) => r.markdown,
};
