import type { SentPayload } from '@heap-sync/shared';
import type { LeadDecision } from '../sync/lead-decision';
import { addDecisions, emptyReport, eventsIn, SAMPLE_PAYLOADS } from './backfill-report';

const payload = (n: number) => ({ identity: `u${n}@example.com` }) as SentPayload;
const send = (n: number): LeadDecision => ({
  action: 'send',
  kind: 'won',
  occurredAt: new Date(0),
  payload: payload(n),
  next: { outcome: 'won', lastPlan: null, lastModifiedAt: n },
});
const skip = (reason: string): LeadDecision => ({
  action: 'skipped',
  kind: 'won',
  key: 'k',
  occurredAt: new Date(0),
  reason,
});

describe('addDecisions', () => {
  it('counts events per kind, reasons per skip and keeps the first payloads', () => {
    const report = addDecisions(emptyReport(), [
      ...Array.from({ length: 7 }, (_, i) => send(i)),
      skip('The main contact has no email'),
      skip('The main contact has no email'),
      skip('The deal has no contact'),
      { action: 'stale' },
      { action: 'unchanged', next: { outcome: 'won', lastPlan: null, lastModifiedAt: 1 } },
    ]);

    expect(report.send).toEqual({ won: 7, plan_changed: 0, lost: 0 });
    expect(eventsIn(report)).toBe(7);
    expect(report.skipped).toEqual({
      'The main contact has no email': 2,
      'The deal has no contact': 1,
    });
    expect(report.alreadySynced).toBe(2);
    expect(report.samples).toEqual([0, 1, 2, 3, 4].map(payload));
    expect(report.samples).toHaveLength(SAMPLE_PAYLOADS);
  });
});
