import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BurstResult } from '../report/results';
import { installBenchAccount, waitForFirstBackfill } from '../stack/bench-account';
import { startBenchStack } from '../stack/bench-stack';
import { LOGS_DIR } from '../stack/paths';
import { ScenarioContext } from './scenario-context';
import { trafficSince, WonArrivals } from './traffic';

/** A mass stage change: one webhook naming thousands of won deals. */
export async function runBurst(ctx: ScenarioContext): Promise<BurstResult> {
  const { config, load } = ctx;
  const count = config.burstLeads;
  ctx.log(`burst: one webhook with ${count} won deals`);
  const stack = await startBenchStack(config, ctx.postgres, 'burst', 'all');
  try {
    const account = await installBenchAccount(stack, 34_000_001);
    await waitForFirstBackfill(stack, account.accountId);
    const leads = account.addWonDeals(count);
    const bodyFile = path.join(LOGS_DIR, 'burst-body.txt');
    await writeFile(bodyFile, account.webhookBody(leads));
    const arrivals = new WonArrivals(stack.heap);
    const traffic = trafficSince(stack.kommo, stack.heap);

    const answer = await load.post({ url: account.webhookUrl, bodyFile });
    const ids = leads.map((lead) => lead.id);
    // Kommo's pace bounds the work: two list reads per 250 deals, a note per 50, plus slack.
    const timeoutMs = 60_000 + Math.ceil(count / 250) * 2 * 1000 + Math.ceil(count / 50) * 1000;
    if (answer.status === 200) await arrivals.waitFor(ids, timeoutMs);
    const arrived = arrivals.update();
    const times = ids.flatMap((id) => (arrived.has(id) ? [arrived.get(id)!] : []));

    return {
      leads: count,
      bodyBytes: answer.bytes,
      status: answer.status,
      answerMs: answer.ms,
      delivered: times.length,
      lastHeapRequestMs: times.length ? Math.max(...times) - answer.sentAt : null,
      traffic: traffic(),
      peakRssMb: await stack.backend.peakRssMb(),
    };
  } finally {
    await stack.close();
  }
}
