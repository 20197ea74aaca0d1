import type { BackfillStatusResponse } from '@heap-sync/shared';
import { BackfillResult } from '../report/results';
import { startBenchStack } from '../stack/bench-stack';
import { installBenchAccount, waitForFirstBackfill } from '../stack/bench-account';
import { round } from '../support/stats';
import { sleep } from '../support/time';
import { ScenarioContext } from './scenario-context';
import { trafficSince, WonArrivals } from './traffic';

const KOMMO_RPS = 7;
const PAGE = 250;
const BACKFILL_PATH = '/api/widget/backfill';
const PAGES_TIMEOUT_MS = 10 * 60_000;
const DELIVERY_TIMEOUT_MS = 2 * 60_000;

/** Lead pages plus contact pages, at Kommo's 7 requests a second (or the given pace). */
export function backfillFloorSeconds(deals: number, rps = KOMMO_RPS): number {
  return round((Math.ceil(deals / PAGE) * 2) / rps, 2);
}

/**
 * The account's won deals, brought to Heap by a backfill that an admin starts from the widget
 * (POST /api/widget/backfill); timed from that request to the last deal's event at Heap.
 */
export async function runBackfill(ctx: ScenarioContext): Promise<BackfillResult> {
  const { config } = ctx;
  const deals = config.backfillDeals;
  const floorSeconds = backfillFloorSeconds(deals);
  ctx.log(`backfill: ${deals} won deals (floor ${floorSeconds} s at ${KOMMO_RPS} req/s)`);
  const stack = await startBenchStack(config, ctx.postgres, 'backfill', 'all');
  try {
    const account = await installBenchAccount(stack, 35_000_001);
    await waitForFirstBackfill(stack, account.accountId);
    const ids = account.addWonDeals(deals).map((lead) => lead.id);
    const arrivals = new WonArrivals(stack.heap);
    const traffic = trafficSince(stack.kommo, stack.heap);
    const call = async (method: 'GET' | 'POST') =>
      fetch(`${stack.publicUrl}${BACKFILL_PATH}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          'X-Auth-Token': await stack.token(account.accountId),
        },
        body: method === 'POST' ? JSON.stringify({ dryRun: false }) : undefined,
      });

    const started = Date.now();
    const start = await call('POST');
    if (start.status === 404) {
      return { measured: false, deals, floorSeconds, reason: `${BACKFILL_PATH} answers 404` };
    }
    if (start.status !== 202) {
      throw new Error(`starting the backfill answered ${start.status}: ${await start.text()}`);
    }
    const run = await waitForPages(call);
    const finished = run?.finishedAt ? Date.parse(run.finishedAt) : null;
    const pagesSeconds = finished === null ? null : (finished - started) / 1000;
    await arrivals.waitFor(ids, DELIVERY_TIMEOUT_MS);
    const arrived = arrivals.update();
    const times = ids.flatMap((id) => (arrived.has(id) ? [arrived.get(id)!] : []));
    const last = times.length ? Math.max(...times) : Date.now();

    return {
      measured: true,
      deals,
      status: run?.status ?? 'timed out',
      floorSeconds,
      configuredFloorSeconds: backfillFloorSeconds(deals, config.kommoMaxRps ?? 6),
      seconds: round((last - started) / 1000, 2),
      pagesSeconds: pagesSeconds === null ? null : round(pagesSeconds, 2),
      delivered: times.length,
      backfillKommoRequests: run?.kommoRequests ?? null,
      traffic: traffic(),
      peakRssMb: await stack.backend.peakRssMb(),
    };
  } finally {
    await stack.close();
  }
}

/** Polls the widget's progress until the run is done or failed; null on timeout. */
async function waitForPages(
  call: (method: 'GET') => Promise<Response>,
): Promise<{ status: string; kommoRequests: number; finishedAt: string | null } | null> {
  const deadline = Date.now() + PAGES_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const body = (await (await call('GET')).json()) as BackfillStatusResponse;
    if (body.run && ['done', 'failed'].includes(body.run.status)) return body.run;
    await sleep(250);
  }

  return null;
}
