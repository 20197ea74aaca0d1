import type { SentPayload, SyncKind } from './sync';

/** Path of the backfill endpoints of the widget API, relative to the backend origin. */
export const BACKFILL_API = '/api/widget/backfill';

/** What started a backfill: the first save of the settings, an admin in the widget, the CLI. */
export const BACKFILL_TRIGGERS = ['settings', 'widget', 'cli'] as const;
export type BackfillTrigger = (typeof BACKFILL_TRIGGERS)[number];

export const BACKFILL_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

export interface StartBackfillRequest {
  /** Read every deal and report what would be sent, sending nothing. */
  dryRun?: boolean;
}

/** What a backfill decided for the deals it read; a dry run fills it the same way. */
export interface BackfillReport {
  /** Heap events sent (or, in a dry run, to be sent) per kind. */
  send: Record<SyncKind, number>;
  /** Deals that cannot go to Heap, by reason (no contact, no email, …). */
  skipped: Record<string, number>;
  /** Deals Heap would refuse, by reason. */
  invalid: Record<string, number>;
  /** Deals whose current state Heap already has. */
  alreadySynced: number;
  /** The first few payloads, exactly as they are (or would be) sent. */
  samples: SentPayload[];
}

/** Where the Heap side of a real run stands, from its sync records. */
export interface BackfillDelivery {
  pending: number;
  synced: number;
  failed: number;
}

export interface BackfillProgressDto {
  id: string;
  dryRun: boolean;
  trigger: BackfillTrigger;
  status: BackfillStatus;
  dealsDone: number;
  /**
   * Kommo's lead lists carry no total, so it is exact only once the last page was read. Until
   * then it is the previous finished run's total if that is still ahead, else null (unknown).
   */
  dealsTotal: number | null;
  dealsTotalExact: boolean;
  dealsPerMinute: number | null;
  /** Null while the total is unknown or nothing has been read yet. */
  secondsLeft: number | null;
  kommoRequests: number;
  report: BackfillReport;
  delivery: BackfillDelivery | null;
  errors: { count: number; last: string | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BackfillStatusResponse {
  /** The latest real run and the latest dry run of the installation, if any. */
  run: BackfillProgressDto | null;
  dryRun: BackfillProgressDto | null;
}
