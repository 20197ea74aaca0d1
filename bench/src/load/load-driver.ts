/**
 * The load generator, run as a process of its own so its CPU time is not the backend's or the
 * emulators'. It takes jobs from its parent over IPC and answers with what it measured.
 */
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { summarize } from '../support/stats';
import { sleep } from '../support/time';
import { LoadJob, LoadRequest, PostJob, PostResult, RateJob, RateResult } from './load-protocol';

/** Requests one connection sends per second; more load means more connections. */
const PER_CONNECTION_RATE = 10;
const MAX_CONNECTIONS = 200;
const HEADERS = {
  'content-type': 'application/x-www-form-urlencoded',
  'user-agent': 'amoCRM-WebHook-client/1.0',
};

/**
 * autocannon paces each connection per whole second: it sends that second's quota back to back
 * and then waits. One instance per connection, started at evenly spread moments of the second,
 * spreads the offered load over the second instead of sending it as one burst.
 */
async function runRate(job: RateJob): Promise<RateResult> {
  const connections = Math.min(
    MAX_CONNECTIONS,
    Math.max(2, Math.ceil(job.rate / PER_CONNECTION_RATE)),
  );
  const parts = job.template.split(job.sentinel);
  if (parts.length < 2) throw new Error('the template has no lead id sentinel');
  const latencies: number[] = [];
  const sends: [number, number][] = [];
  const counts = { responses: 0, non2xx: 0, errors: 0, timeouts: 0 };
  let nextId = job.firstId;

  const one = (rate: number) =>
    new Promise<void>((resolve, reject) => {
      // One connection, one request at a time: answers come back in the order ids went out.
      const inFlight: [number, number][] = [];
      const instance = autocannon(
        {
          url: job.url,
          method: 'POST',
          headers: HEADERS,
          connections: 1,
          overallRate: rate,
          duration: job.seconds,
          // Missed sends show as a lower achieved rate; autocannon's correction assumes 1 ms.
          ignoreCoordinatedOmission: true,
          requests: [
            {
              setupRequest: (request) => {
                const id = nextId++;
                inFlight.push([id, Date.now()]);

                return { ...request, body: parts.join(String(id)) };
              },
            },
          ],
        },
        (error, result) => {
          if (error) return reject(error);
          counts.errors += result.errors;
          counts.timeouts += result.timeouts;
          resolve();
        },
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        const sent = inFlight.shift();
        counts.responses += 1;
        if (statusCode < 200 || statusCode >= 300) return void (counts.non2xx += 1);
        latencies.push(responseTime);
        // Only acknowledged hooks count as sent: one cut off at the end may never have arrived.
        if (job.recordSends && sent) sends.push(sent);
      });
      instance.on('reqError', () => inFlight.shift());
    });

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const shares = Array.from(
    { length: connections },
    (_, i) => Math.floor(job.rate / connections) + (i < job.rate % connections ? 1 : 0),
  );
  await Promise.all(
    shares.map(async (share, i) => {
      await sleep((i * 1000) / connections);
      if (share > 0) await one(share);
    }),
  );

  const cpu = process.cpuUsage(cpuBefore);
  const driverCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100;

  return {
    offeredRate: job.rate,
    achievedRate: Math.round(counts.responses / job.seconds),
    seconds: job.seconds,
    connections,
    requests: counts.responses,
    latency: summarize(latencies),
    non2xx: counts.non2xx,
    errors: counts.errors,
    timeouts: counts.timeouts,
    driverCpuPercent: Math.round(driverCpuPercent),
    sends,
  };
}

async function post(job: PostJob): Promise<PostResult> {
  const body = await readFile(job.bodyFile, 'utf8');
  const sentAt = Date.now();
  const started = performance.now();
  const response = await fetch(job.url, {
    method: 'POST',
    headers: HEADERS,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();

  return {
    status: response.status,
    sentAt,
    ms: Math.round(performance.now() - started),
    bytes: Buffer.byteLength(body),
  };
}

function run(job: LoadJob): Promise<unknown> {
  return job.kind === 'rate' ? runRate(job) : post(job);
}

process.on('message', (request: LoadRequest) => {
  run(request.job).then(
    (result) => process.send!({ id: request.id, ok: true, result }),
    (error: Error) => process.send!({ id: request.id, ok: false, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
