import { RateResult } from '../load/load-protocol';
import { Ramp, RampStep } from '../report/results';
import { LEAD_ID_SENTINEL } from '../stack/bench-account';
import { cpuMs } from '../stack/cpu-time';
import { sleep } from '../support/time';
import { ScenarioContext } from './scenario-context';

/** The rates the report quotes; the ramp always runs up to the highest of them. */
export const REPORTED_RATES = [100, 300, 1000];

/**
 * Webhooks at each configured rate in turn, always up to the highest rate the report quotes and
 * on until a step fails: p99 over the limit, under 95% answered, or any failure.
 */
export async function ramp(
  ctx: ScenarioContext,
  url: string,
  template: string,
  idBase: number,
  serverPid: number,
): Promise<Ramp> {
  const { config, load } = ctx;
  const job = { url, template, sentinel: String(LEAD_ID_SENTINEL), recordSends: false };
  // Warm-up: JIT, connection pools and caches; not reported.
  await load.rate({ ...job, firstId: idBase + 1, rate: 100, seconds: config.quick ? 2 : 3 });

  const steps: RampStep[] = [];
  const mustReach = Math.max(...REPORTED_RATES);
  let stopReason = 'every configured rate passed';
  for (const [index, rate] of config.intakeRates.entries()) {
    await sleep(1000);
    const firstId = idBase + (index + 1) * 1_000_000;
    const cpu = cpuMeter(ctx, serverPid);
    const result = await load.rate({ ...job, firstId, rate, seconds: config.intakeStepSeconds });
    const step = { ...toStep(result, config.intakeP99LimitMs), ...cpu(result.requests) };
    steps.push(step);
    ctx.log(
      `  ${rate} req/s → ${step.achievedRate} answered/s, ` +
        `p50 ${step.p50} ms, p99 ${step.p99} ms, ` +
        `CPU ms/req ${step.serverCpuMs} + Postgres ${step.postgresCpuMs}` +
        (step.failures ? `, ${step.failures} failed` : ''),
    );
    if (!step.passed && rate >= mustReach) {
      stopReason = `${rate} req/s: ${failureOf(step, config.intakeP99LimitMs)}`;
      break;
    }
  }
  const passing = steps.filter((step) => step.passed);

  return {
    steps,
    sustainedRate: passing.length ? Math.max(...passing.map((step) => step.achievedRate)) : null,
    stopReason,
    peakRssMb: null,
  };
}

/** CPU ms per answered request of the server and of Postgres, from now until called. */
export function cpuMeter(ctx: ScenarioContext, serverPid: number) {
  const server = cpuMs(serverPid);
  const postgres = ctx.postgres.cpuMs();

  return (requests: number) => {
    const perRequest = (before: number | null, after: number | null) =>
      before === null || after === null || requests === 0
        ? null
        : Math.round(((after - before) / requests) * 100) / 100;

    return {
      serverCpuMs: perRequest(server, cpuMs(serverPid)),
      postgresCpuMs: perRequest(postgres, ctx.postgres.cpuMs()),
    };
  };
}

export function toStep(
  result: RateResult,
  p99LimitMs: number,
): Omit<RampStep, 'serverCpuMs' | 'postgresCpuMs'> {
  const failures = result.non2xx + result.errors;
  const p99 = result.latency?.p99 ?? null;

  return {
    offeredRate: result.offeredRate,
    achievedRate: result.achievedRate,
    connections: result.connections,
    requests: result.requests,
    p50: result.latency?.p50 ?? null,
    p90: result.latency?.p90 ?? null,
    p99,
    max: result.latency?.max ?? null,
    failures,
    driverCpuPercent: result.driverCpuPercent,
    passed:
      p99 !== null &&
      p99 <= p99LimitMs &&
      result.achievedRate >= 0.95 * result.offeredRate &&
      failures === 0,
  };
}

function failureOf(step: RampStep, p99LimitMs: number): string {
  if (step.failures) return `${step.failures} requests failed`;
  if (step.p99 === null || step.p99 > p99LimitMs) return `p99 ${step.p99} ms > ${p99LimitMs} ms`;

  return `only ${step.achievedRate} answered/s`;
}
