import type { TrafficCounts } from '../scenarios/traffic';
import type { Summary } from '../support/stats';
import { intakeSection } from './intake-markdown';
import { BenchResults } from './results';
import { tableRow } from './table-row';

/** The human-readable report: targets first, then each scenario's figures. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const lines = [
    `# Heap Sync for Kommo: benchmark ${results.quick ? '(quick run)' : ''}`.trim(),
    '',
    `Run ${results.startedAt} → ${results.finishedAt}. Machine: ${machine.cores} cores ` +
      `(${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}; load average ` +
      `${loads(machine.loadAtStart)} at start, ${loads(machine.loadAtEnd)} at the end, ` +
      `${machine.maxLoad1} at most during the run.`,
    '',
    `Backend built for production (NODE_ENV=production, LOG_LEVEL=${settings.logLevel}, ` +
      `KOMMO_MAX_RPS=${settings.kommoMaxRps}) on ${settings.postgres} Postgres; Kommo emulator ` +
      `answers after ${settings.kommoLatencyMs} ms, Heap emulator after ` +
      `${settings.heapLatencyMs} ms. Load from a separate process with autocannon.`,
    '',
    '## Targets',
    '',
    tableRow('Target', 'Goal', 'Measured', 'Met'),
    tableRow('---', '---', '---', '---'),
    ...results.targets.map((t) =>
      tableRow(t.name, t.goal, t.actual, t.met === null ? '—' : t.met ? 'yes' : 'no'),
    ),
    '',
    ...intakeSection(results.intake),
    ...endToEnd(results),
    ...burst(results),
    ...backfill(results),
    ...Object.entries(results.errors).flatMap(([name, error]) => [
      `## ${name}: failed`,
      '',
      '```',
      error,
      '```',
      '',
    ]),
  ];

  return `${lines.join('\n')}\n`;
}

function endToEnd({ endToEnd: result }: BenchResults): string[] {
  if (!result) return [];

  return [
    '## End to end',
    '',
    `${result.rate} won deals a second for ${result.seconds} s: ${result.delivered} of ` +
      `${result.sent} reached Heap. Webhook → won event at Heap: ${latency(result.latency)}. ` +
      `Acknowledgement: ${latency(result.acknowledgement)}. The last deal reached Heap ` +
      `${result.drainMs} ms after the last webhook. ${traffic(result.traffic)} ` +
      `Peak RSS ${result.peakRssMb} MB.`,
    '',
  ];
}

function burst({ burst: result }: BenchResults): string[] {
  if (!result) return [];

  return [
    '## Burst',
    '',
    `One webhook with ${result.leads} won deals (${mb(result.bodyBytes)} MB): answered ` +
      `${result.status} in ${result.answerMs} ms; ${result.delivered} deals reached Heap, ` +
      `the last ${result.lastHeapRequestMs} ms after the webhook was sent. ` +
      `${traffic(result.traffic)} ` +
      `Peak RSS ${result.peakRssMb} MB.`,
    '',
  ];
}

function backfill({ backfill: result }: BenchResults): string[] {
  if (!result) return [];
  if (!result.measured) {
    return [
      '## Backfill',
      '',
      `Not measured yet: ${result.reason}. Floor for ${result.deals} deals: ` +
        `${result.floorSeconds} s.`,
      '',
    ];
  }

  return [
    '## Backfill',
    '',
    `${result.deals} won deals, started from the widget API: ${result.delivered} reached Heap ` +
      `${result.seconds} s after the request (pages read and decided after ` +
      `${result.pagesSeconds ?? '—'} s, status ${result.status}). Floor at Kommo's 7 req/s: ` +
      `${result.floorSeconds} s; at the backend's own pace: ${result.configuredFloorSeconds} s. ` +
      `The backfill counted ${result.backfillKommoRequests ?? '—'} Kommo requests. ` +
      `${traffic(result.traffic)} Peak RSS ${result.peakRssMb} MB.`,
    '',
  ];
}

function traffic(counts: TrafficCounts): string {
  const paths = Object.entries(counts.heapRequestsByPath)
    .map(([path, count]) => `${count} ${path}`)
    .join(', ');

  return (
    `Kommo requests: ${counts.kommoRequests} (${counts.kommo429} answered 429); ` +
    `Heap requests: ${counts.heapRequests}${paths ? ` (${paths})` : ''}; ` +
    `repeated events: ${counts.heapDuplicateEvents}.`
  );
}

function latency(summary: Summary | null): string {
  return summary
    ? `p50 ${summary.p50} ms, p95 ${summary.p95} ms, p99 ${summary.p99} ms, max ${summary.max} ms`
    : '—';
}

function loads(values: number[]): string {
  return values.map((value) => value.toFixed(2)).join(' / ');
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
