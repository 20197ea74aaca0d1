import { REPORTED_RATES } from '../scenarios/intake-ramp';
import { IntakeResult, Ramp } from './results';
import { tableRow } from './table-row';
import { percent, stepAt } from './targets';
const STEP_COLUMNS = [
  'Target',
  'Offered',
  'Answered/s',
  'Conns',
  'p50',
  'p90',
  'p99',
  'max',
  'Failed',
  'CPU ms/req: server',
  'Postgres',
  'Load generator CPU',
  'Passed',
];

/** The intake ramp: the quoted rates side by side, then every step in a fold. */
export function intakeSection(result: IntakeResult | undefined): string[] {
  if (!result) return [];
  const { backend, bare, withWorkers } = result;

  return [
    '## Intake',
    '',
    `Won-deal webhooks (one lead each, status and update events, distinct ids) at rising ` +
      `rates, ${result.stepSeconds} s a step, until p99 acknowledgement passed ` +
      `${result.p99LimitMs} ms. ${result.roleReason}`,
    '',
    tableRow('Rate (req/s)', 'Backend p50 / p99 (ms)', 'Bare NestJS p50 / p99 (ms)'),
    tableRow('---', '---', '---'),
    ...REPORTED_RATES.map((rate) => tableRow(rate, pair(backend, rate), pair(bare, rate))),
    '',
    `Sustained: backend ${backend.sustainedRate ?? '—'} req/s (stopped: ` +
      `${backend.stopReason}), bare ${bare.sustainedRate ?? '—'} req/s (stopped: ` +
      `${bare.stopReason}); ratio ${result.ratio === null ? '—' : percent(result.ratio)}. ` +
      `Peak RSS: backend ${backend.peakRssMb} MB, bare ${bare.peakRssMb} MB.`,
    '',
    ...(withWorkers
      ? [
          `With workers in the same process (APP_ROLE=all, each hook a real won deal) at ` +
            `300 req/s: p50 ${withWorkers.p50} ms, p99 ${withWorkers.p99} ms, ` +
            `${withWorkers.achievedRate} answered/s; peak RSS ${withWorkers.peakRssMb} MB.`,
          '',
        ]
      : []),
    '<details><summary>Every step</summary>',
    '',
    tableRow(...STEP_COLUMNS),
    tableRow(...STEP_COLUMNS.map(() => '---')),
    ...rows('backend', backend),
    ...rows('bare', bare),
    '',
    '</details>',
    '',
  ];
}

function rows(name: string, ramp: Ramp): string[] {
  return ramp.steps.map((s) =>
    tableRow(
      name,
      s.offeredRate,
      s.achievedRate,
      s.connections,
      s.p50,
      s.p90,
      s.p99,
      s.max,
      s.failures,
      s.serverCpuMs,
      s.postgresCpuMs,
      `${s.driverCpuPercent}%`,
      s.passed ? 'yes' : 'no',
    ),
  );
}

function pair(ramp: Ramp, rate: number): string {
  const step = stepAt(ramp.steps, rate);

  return step ? `${step.p50} / ${step.p99}` : 'not run';
}
