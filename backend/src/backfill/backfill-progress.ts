import type { BackfillStatus } from '@heap-sync/shared';

export interface ProgressInput {
  status: BackfillStatus;
  dealsDone: number;
  dealsTotal: number | null;
  runMs: number;
}

/**
 * Total, rate and time left of a backfill. Kommo's lead lists carry no total, so until the last
 * page the total is the previous finished run's, if larger than what is done, else unknown.
 */
export function progressFigures(backfill: ProgressInput, previousTotal: number | null) {
  const { status, dealsDone, runMs } = backfill;
  const finished = status === 'done';
  const estimate = previousTotal !== null && previousTotal > dealsDone ? previousTotal : null;
  const total = finished ? backfill.dealsTotal : estimate;
  const perMinute = runMs > 0 && dealsDone > 0 ? (dealsDone * 60_000) / runMs : null;
  let secondsLeft: number | null = null;
  if (finished) secondsLeft = 0;
  else if (total !== null && perMinute !== null) {
    secondsLeft = Math.ceil(((total - dealsDone) / perMinute) * 60);
  }

  return {
    dealsTotal: total,
    dealsTotalExact: finished,
    dealsPerMinute: perMinute === null ? null : Math.round(perMinute),
    secondsLeft,
  };
}
