import { BenchResults, RampStep, Target } from './results';

type Measured = Omit<BenchResults, 'targets' | 'finishedAt' | 'machine'>;

/** The targets, each met, missed, or null when its scenario did not measure it. */
export function evaluateTargets(results: Measured): Target[] {
  const { intake, endToEnd, burst, backfill } = results;
  const at300 = intake?.backend.steps.find((step) => step.offeredRate === 300);
  const rss = peakRss(results);

  return [
    target(
      'Intake p99 at 300 req/s',
      '< 50 ms',
      at300?.p99,
      (p99) => `${p99} ms`,
      (v) => v < 50,
    ),
    target(
      'Intake sustained rate vs bare NestJS',
      '≥ 40%',
      intake?.ratio ?? undefined,
      (ratio) => {
        const { backend, bare } = intake!;

        return `${percent(ratio)} (${backend.sustainedRate} vs ${bare.sustainedRate} req/s)`;
      },
      (ratio) => ratio >= 0.4,
    ),
    target(
      'End to end p95',
      '< 1 s',
      endToEnd?.latency?.p95,
      (p95) => `${p95} ms`,
      (p95) => p95 < 1000 && endToEnd!.delivered === endToEnd!.sent,
    ),
    target(
      'Burst answered',
      '< 2 s',
      burst?.status === 200 ? burst.answerMs : undefined,
      (ms) => `${ms} ms`,
      (ms) => ms < 2000,
    ),
    target(
      'Backfill duration vs rate-limit floor',
      '≤ 1.3×',
      backfill?.measured ? backfill.seconds / backfill.floorSeconds : undefined,
      (ratio) => `${ratio.toFixed(2)}× (${describeBackfill(results)})`,
      (ratio) => ratio <= 1.3 && backfill!.measured && backfill!.delivered === backfill!.deals,
    ),
    target(
      'Peak RSS of the backend',
      '< 300 MB',
      rss ?? undefined,
      (mb) => `${mb} MB`,
      (mb) => mb < 300,
    ),
  ];
}

function target(
  name: string,
  goal: string,
  value: number | null | undefined,
  show: (value: number) => string,
  met: (value: number) => boolean,
): Target {
  if (value === null || value === undefined)
    return { name, goal, actual: 'not measured', met: null };

  return { name, goal, actual: show(value), met: met(value) };
}

function describeBackfill({ backfill }: Measured): string {
  return backfill?.measured ? `${backfill.seconds} s vs ${backfill.floorSeconds} s` : '';
}

export function peakRss({ intake, endToEnd, burst, backfill }: Measured): number | null {
  const values = [
    intake?.backend.peakRssMb,
    intake?.withWorkers?.peakRssMb,
    endToEnd?.peakRssMb,
    burst?.peakRssMb,
    backfill?.measured ? backfill.peakRssMb : null,
  ].filter((value): value is number => typeof value === 'number');

  return values.length ? Math.max(...values) : null;
}

export function stepAt(steps: RampStep[], rate: number): RampStep | undefined {
  return steps.find((step) => step.offeredRate === rate);
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
