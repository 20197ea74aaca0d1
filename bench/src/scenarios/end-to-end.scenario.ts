import { EndToEndResult } from '../report/results';
import {
  installBenchAccount,
  LEAD_ID_SENTINEL,
  waitForFirstBackfill,
  webhookTemplate,
} from '../stack/bench-account';
import { startBenchStack } from '../stack/bench-stack';
import { summarize } from '../support/stats';
import { ScenarioContext } from './scenario-context';
import { trafficSince, WonArrivals } from './traffic';

/** Once the webhooks stop, how long the backlog may take to reach Heap before it counts as lost. */
const DRAIN_TIMEOUT_MS = 120_000;

/** A steady stream of won deals: the time from each webhook to its won event arriving at Heap. */
export async function runEndToEnd(ctx: ScenarioContext): Promise<EndToEndResult> {
  const { config, load } = ctx;
  const { endToEndRate: rate, endToEndSeconds: seconds } = config;
  ctx.log(`end to end: ${rate} won deals/s for ${seconds} s`);
  const stack = await startBenchStack(config, ctx.postgres, 'end-to-end', 'all');
  try {
    const account = await installBenchAccount(stack, 33_000_001);
    await waitForFirstBackfill(stack, account.accountId);
    // autocannon may send a little past the last second; every id it can reach is a real deal.
    const leads = account.addWonDeals(rate * (seconds + 5));
    if (leads.at(-1)!.id - leads[0].id !== leads.length - 1) throw new Error('lead ids have gaps');
    const arrivals = new WonArrivals(stack.heap);
    const traffic = trafficSince(stack.kommo, stack.heap);

    const result = await load.rate({
      url: account.webhookUrl,
      template: webhookTemplate(account, leads[0]),
      sentinel: String(LEAD_ID_SENTINEL),
      firstId: leads[0].id,
      rate,
      seconds,
      recordSends: true,
    });
    const sent = new Map(result.sends);
    const lastSend = Math.max(...sent.values());
    await arrivals.waitFor([...sent.keys()], DRAIN_TIMEOUT_MS);
    const arrived = arrivals.update();
    const latencies = [...sent].flatMap(([id, at]) =>
      arrived.has(id) ? [arrived.get(id)! - at] : [],
    );
    const lastArrival = Math.max(...[...sent.keys()].map((id) => arrived.get(id) ?? 0));

    return {
      rate,
      seconds,
      sent: sent.size,
      delivered: latencies.length,
      latency: summarize(latencies),
      acknowledgement: result.latency,
      drainMs: latencies.length ? Math.max(0, lastArrival - lastSend) : null,
      traffic: traffic(),
      peakRssMb: await stack.backend.peakRssMb(),
    };
  } finally {
    await stack.close();
  }
}
