import type { BackfillReport } from '@heap-sync/shared';
import type { LeadDecision } from '../sync/lead-decision';

/** Payloads kept as samples in a report. */
export const SAMPLE_PAYLOADS = 5;

export function emptyReport(): BackfillReport {
  return {
    send: { won: 0, plan_changed: 0, lost: 0 },
    skipped: {},
    invalid: {},
    alreadySynced: 0,
    samples: [],
  };
}

/** Counts decisions into the report; a dry run and a real run count the same way. */
export function addDecisions(report: BackfillReport, decisions: LeadDecision[]): BackfillReport {
  for (const decision of decisions) {
    switch (decision.action) {
      case 'stale':
      case 'unchanged':
        report.alreadySynced += 1;
        break;
      case 'skipped':
      case 'invalid': {
        const reasons = report[decision.action];
        reasons[decision.reason] = (reasons[decision.reason] ?? 0) + 1;
        break;
      }
      case 'send':
        report.send[decision.kind] += 1;
        if (report.samples.length < SAMPLE_PAYLOADS) report.samples.push(decision.payload);
    }
  }

  return report;
}

/** Events a report sends (or would send) in all. */
export const eventsIn = (report: BackfillReport) =>
  Object.values(report.send).reduce((sum, count) => sum + count, 0);
