import { progressFigures } from './backfill-progress';

describe('progressFigures', () => {
  it('knows the total exactly once the backfill is done', () => {
    const done = { status: 'done' as const, dealsDone: 900, dealsTotal: 900, runMs: 60_000 };

    expect(progressFigures(done, 500)).toEqual({
      dealsTotal: 900,
      dealsTotalExact: true,
      dealsPerMinute: 900,
      secondsLeft: 0,
    });
  });

  it('estimates from the previous run while that is still ahead, with time left at the rate', () => {
    const running = { status: 'running' as const, dealsDone: 500, dealsTotal: null, runMs: 30_000 };

    expect(progressFigures(running, 1500)).toEqual({
      dealsTotal: 1500,
      dealsTotalExact: false,
      dealsPerMinute: 1000,
      secondsLeft: 60,
    });
    expect(progressFigures(running, 400)).toMatchObject({ dealsTotal: null, secondsLeft: null });
    expect(progressFigures(running, null)).toMatchObject({ dealsTotal: null, secondsLeft: null });
  });

  it('has no rate before the first page', () => {
    const queued = { status: 'queued' as const, dealsDone: 0, dealsTotal: null, runMs: 0 };

    expect(progressFigures(queued, 100)).toEqual({
      dealsTotal: 100,
      dealsTotalExact: false,
      dealsPerMinute: null,
      secondsLeft: null,
    });
  });
});
