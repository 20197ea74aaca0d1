/** The Heap-facing events one deal can produce. */
export const SYNC_KINDS = ['won', 'plan_changed', 'lost'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const SYNC_STATES = ['pending', 'synced', 'skipped', 'invalid', 'failed'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** What the deal card badge shows: a sync state, or that nothing about this deal goes to Heap. */
export type BadgeState = SyncState | 'not_applicable';

export const HEAP_EVENT_NAMES: Record<SyncKind, string> = {
  won: 'crm_deal_won',
  plan_changed: 'crm_plan_upgraded',
  lost: 'crm_churned',
};

export type HeapPropertyValue = string | number;

/** Exactly what went (or would go) to Heap for one sync. */
export interface SentPayload {
  identity: string;
  event: string;
  eventProperties: Record<string, HeapPropertyValue>;
  userProperties: Record<string, HeapPropertyValue>;
  timestamp: string;
  idempotencyKey: string;
}

export interface SyncRecordDto {
  id: string;
  leadId: number;
  kind: SyncKind;
  state: SyncState;
  attempts: number;
  lastError: string | null;
  sent: SentPayload | null;
  occurredAt: string;
  createdAt: string;
  updatedAt: string;
  syncedAt: string | null;
}
