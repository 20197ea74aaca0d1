import type { Summary } from '../support/stats';

/** Webhooks at a steady rate; each body is `template` with LEAD_ID_SENTINEL set to a new id. */
export interface RateJob {
  kind: 'rate';
  url: string;
  template: string;
  sentinel: string;
  /** Ids handed out in order from here; each request gets the next one. */
  firstId: number;
  rate: number;
  seconds: number;
  /** Return when each id was sent (the end-to-end scenario needs it). */
  recordSends: boolean;
}

export interface RateResult {
  offeredRate: number;
  achievedRate: number;
  seconds: number;
  connections: number;
  requests: number;
  latency: Summary | null;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU the load generator itself used, in % of one core: near 100 it is the bottleneck. */
  driverCpuPercent: number;
  /** [lead id, send time in epoch ms] of each acknowledged request, when asked for. */
  sends: [number, number][];
}

/** One POST whose body is read from a file (a burst of thousands of leads). */
export interface PostJob {
  kind: 'post';
  url: string;
  bodyFile: string;
}

export interface PostResult {
  status: number;
  sentAt: number;
  ms: number;
  bytes: number;
}

export type LoadJob = RateJob | PostJob;

export interface LoadRequest {
  id: number;
  job: LoadJob;
}

export type LoadReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
