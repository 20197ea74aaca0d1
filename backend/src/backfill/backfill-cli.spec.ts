import { emptyReport } from './backfill-report';
import { formatReport, parseArgs } from './backfill-cli';

describe('parseArgs', () => {
  it('reads the account, in either form, and the dry-run flag', () => {
    expect(parseArgs(['--account', '42'])).toEqual({ accountId: 42, dryRun: false });
    expect(parseArgs(['--', '--account=42', '--dry-run'])).toEqual({ accountId: 42, dryRun: true });
  });

  it('names what is wrong', () => {
    expect(parseArgs([])).toEqual({ error: '--account is required' });
    expect(parseArgs(['--account', 'acme'])).toEqual({
      error: '--account needs a Kommo account id',
    });
    expect(parseArgs(['--account', '1', '--force'])).toEqual({ error: 'Unknown argument --force' });
  });
});

describe('formatReport', () => {
  it('lists events per kind, skips with their reasons and the samples of a dry run', () => {
    const report = {
      ...emptyReport(),
      send: { won: 3, plan_changed: 0, lost: 1 },
      skipped: { 'The deal has no contact': 2 },
    };
    const text = formatReport({
      id: 'b1',
      dryRun: true,
      trigger: 'cli',
      status: 'done',
      dealsDone: 6,
      dealsTotal: 6,
      dealsTotalExact: true,
      dealsPerMinute: 600,
      secondsLeft: 0,
      kommoRequests: 3,
      report,
      delivery: null,
      errors: { count: 0, last: null },
      createdAt: '',
      startedAt: null,
      finishedAt: null,
    });

    expect(text).toContain('Dry run done: 6 deals read in 3 Kommo requests');
    expect(text).toContain('Events would send: won 3, plan_changed 0, lost 1');
    expect(text).toContain('Skipped: 2 (The deal has no contact)');
  });
});
