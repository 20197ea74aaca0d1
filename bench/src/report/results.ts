import type { TrafficCounts } from '../scenarios/traffic';
import type { Summary } from '../support/stats';

export interface RampStep {
  offeredRate: number;
  achievedRate: number;
  connections: number;
  requests: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  failures: number;
  driverCpuPercent: number;
  /** CPU ms per answered request: the server process, and Postgres (embedded only). */
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  /** p99 within the limit, at least 95% of the offered rate answered, no failures. */
  passed: boolean;
}

export interface Ramp {
  steps: RampStep[];
  /** The highest rate answered with p99 within the limit; null if even the first step failed. */
  sustainedRate: number | null;
  stopReason: string;
  peakRssMb: number | null;
}

export interface IntakeResult {
  role: 'web';
  roleReason: string;
  p99LimitMs: number;
  stepSeconds: number;
  backend: Ramp;
  bare: Ramp;
  /** Backend's sustained rate over the bare app's. */
  ratio: number | null;
  /** The same backend with workers (APP_ROLE=all) at 300 req/s, real deals behind each hook. */
  withWorkers: (RampStep & { peakRssMb: number | null }) | null;
}

export interface EndToEndResult {
  rate: number;
  seconds: number;
  sent: number;
  delivered: number;
  /** Webhook sent to the won event's arrival at Heap, ms. */
  latency: Summary | null;
  acknowledgement: Summary | null;
  /** From the last webhook to the last deal reaching Heap. */
  drainMs: number | null;
  traffic: TrafficCounts;
  peakRssMb: number | null;
}

export interface BurstResult {
  leads: number;
  bodyBytes: number;
  status: number;
  answerMs: number;
  delivered: number;
  /** From sending the webhook to the last deal's won event at Heap. */
  lastHeapRequestMs: number | null;
  traffic: TrafficCounts;
  peakRssMb: number | null;
}

export type BackfillResult =
  | { measured: false; deals: number; reason: string; floorSeconds: number }
  | {
      measured: true;
      deals: number;
      status: string;
      /** Pages of leads plus pages of contacts, over Kommo's 7 requests a second. */
      floorSeconds: number;
      /** The same pages at the backend's own pace (KOMMO_MAX_RPS). */
      configuredFloorSeconds: number;
      /** From the request that started it to the last deal's won event at Heap. */
      seconds: number;
      /** Until the backfill reported all pages read and decided. */
      pagesSeconds: number | null;
      delivered: number;
      backfillKommoRequests: number | null;
      traffic: TrafficCounts;
      peakRssMb: number | null;
    };

export interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean | null;
}

export interface MachineLoad {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  loadAtStart: number[];
  loadAtEnd: number[];
  /** Highest 1-minute load average sampled during the run. */
  maxLoad1: number;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  settings: {
    kommoLatencyMs: number;
    heapLatencyMs: number;
    kommoMaxRps: number;
    logLevel: string;
    postgres: 'given' | 'embedded';
  };
  machine: MachineLoad;
  intake?: IntakeResult;
  endToEnd?: EndToEndResult;
  burst?: BurstResult;
  backfill?: BackfillResult;
  errors: Record<string, string>;
  targets: Target[];
}
