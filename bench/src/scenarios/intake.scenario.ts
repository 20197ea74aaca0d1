import { IntakeResult, Ramp } from '../report/results';
import {
  installBenchAccount,
  LEAD_ID_SENTINEL,
  waitForFirstBackfill,
  webhookTemplate,
} from '../stack/bench-account';
import { startBareServer } from '../stack/bare-server';
import { startBenchStack } from '../stack/bench-stack';
import { cpuMeter, ramp, toStep } from './intake-ramp';
import { ScenarioContext } from './scenario-context';

const ROLE_REASON =
  'APP_ROLE=web: the acknowledgement path alone, as a deployment that scales intake runs it. ' +
  "Workers are held to Kommo's 7 requests a second whatever the intake rate, and in-process " +
  'they would take CPU from the web server in proportion to a backlog that only this ramp ' +
  'builds; the APP_ROLE=all figure at 300 req/s shows that cost.';

/**
 * Kommo-shaped won-deal webhooks, one lead each with its own id, at rising rates until p99
 * acknowledgement passes the limit; the same ramp against a bare NestJS app on the same machine.
 */
export async function runIntake(ctx: ScenarioContext): Promise<IntakeResult> {
  const { config } = ctx;
  const stack = await startBenchStack(config, ctx.postgres, 'intake', 'web');
  let backend: Ramp;
  let bare: Ramp;
  try {
    const account = await installBenchAccount(stack, 32_000_001);
    const [lead] = account.addWonDeals(1);
    const template = webhookTemplate(account, lead);

    const bareServer = await startBareServer();
    try {
      ctx.log('intake: bare NestJS app');
      bare = await ramp(ctx, bareServer.webhookUrl, template, 0, bareServer.pid);
      bare.peakRssMb = await bareServer.peakRssMb();
    } finally {
      await bareServer.stop();
    }
    ctx.log('intake: backend (APP_ROLE=web)');
    backend = await ramp(ctx, account.webhookUrl, template, 50_000_000, stack.backend.pid);
    backend.peakRssMb = await stack.backend.peakRssMb();
  } finally {
    await stack.close();
  }

  return {
    role: 'web',
    roleReason: ROLE_REASON,
    p99LimitMs: config.intakeP99LimitMs,
    stepSeconds: config.intakeStepSeconds,
    backend,
    bare,
    ratio:
      backend.sustainedRate && bare.sustainedRate
        ? Math.round((backend.sustainedRate / bare.sustainedRate) * 1000) / 1000
        : null,
    withWorkers: await withWorkers(ctx),
  };
}

/** The backend with its workers, at 300 req/s, each webhook naming a real won deal. */
async function withWorkers(ctx: ScenarioContext): Promise<IntakeResult['withWorkers']> {
  const { config, load } = ctx;
  const rate = 300;
  ctx.log(`intake: backend (APP_ROLE=all) at ${rate} req/s`);
  const stack = await startBenchStack(config, ctx.postgres, 'intake-all', 'all');
  try {
    const account = await installBenchAccount(stack, 32_000_002);
    await waitForFirstBackfill(stack, account.accountId);
    const leads = account.addWonDeals(rate * (config.intakeStepSeconds + 5));
    const template = webhookTemplate(account, leads[0]);
    const job = { url: account.webhookUrl, template, sentinel: String(LEAD_ID_SENTINEL) };
    const cpu = cpuMeter(ctx, stack.backend.pid);
    const result = await load.rate({
      ...job,
      firstId: leads[0].id,
      rate,
      seconds: config.intakeStepSeconds,
      recordSends: false,
    });
    const step = { ...toStep(result, config.intakeP99LimitMs), ...cpu(result.requests) };
    ctx.log(`  ${rate} req/s → p50 ${step.p50} ms, p99 ${step.p99} ms`);

    return { ...step, peakRssMb: await stack.backend.peakRssMb() };
  } finally {
    await stack.close();
  }
}
