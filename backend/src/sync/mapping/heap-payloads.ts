import { HEAP_EVENT_NAMES, SentPayload, SyncKind } from '@heap-sync/shared';
import {
  idempotencyKey,
  toHeapProperties,
  validateHeapEvent,
  validateUserProperties,
} from '../../heap/heap-rules';
import { DealSnapshot, localDate } from './lead-mapping';

export interface PayloadInput {
  accountId: number;
  deal: DealSnapshot;
  identity: string;
  /** The Kommo account's IANA time zone, so dates match the day the team saw. */
  timeZone: string;
  /** The plan before a plan change; ignored for won and lost. */
  fromPlan?: string | null;
}

const NOTE_LIMIT = 2000;

/**
 * Exactly what one sync sends to Heap. Throws a HeapValidationError when Heap would refuse it,
 * so the record is marked invalid before any call is made.
 */
export function buildPayload(kind: SyncKind, input: PayloadInput): SentPayload {
  const { accountId, deal, identity, timeZone } = input;
  // A plan change happens when the deal is edited; won and lost happen when it is closed.
  const occurredAt = kind === 'plan_changed' ? deal.updatedAt : (deal.closedAt ?? deal.updatedAt);
  const day = localDate(occurredAt, timeZone);
  const { user, event } = properties(kind, input, day);

  const payload: SentPayload = {
    identity,
    event: HEAP_EVENT_NAMES[kind],
    eventProperties: toHeapProperties(event),
    userProperties: toHeapProperties(user),
    timestamp: new Date(occurredAt * 1000).toISOString(),
    idempotencyKey: idempotencyKey(['kommo', accountId, 'lead', deal.leadId, kind, deal.updatedAt]),
  };
  validateHeapEvent({ ...payload, properties: payload.eventProperties });
  validateUserProperties({ identity, properties: payload.userProperties });

  return payload;
}

function properties(kind: SyncKind, input: PayloadInput, day: string) {
  const { deal } = input;

  switch (kind) {
    case 'won':
      return {
        user: {
          plan: deal.plan,
          mrr: deal.price,
          customer: true,
          won_date: day,
          crm_source: deal.source,
          kommo_deal_id: deal.leadId,
        },
        event: {
          plan: deal.plan,
          amount: deal.price,
          deal_id: deal.leadId,
          pipeline_id: deal.pipelineId,
        },
      };
    case 'plan_changed':
      return {
        user: { plan: deal.plan },
        event: { from_plan: input.fromPlan, to_plan: deal.plan, deal_id: deal.leadId },
      };
    case 'lost':
      return {
        user: { customer: false, churned: true, churn_date: day },
        event: { deal_id: deal.leadId },
      };
  }
}

/** The note left on the Kommo deal, so the team sees what Heap received without leaving Kommo. */
export function noteText(payload: SentPayload): string {
  const lines = [
    `Sent to Heap: event "${payload.event}" for ${payload.identity} at ${payload.timestamp}`,
    `Event properties: ${describe(payload.eventProperties)}`,
    `User properties: ${describe(payload.userProperties)}`,
  ];
  const text = lines.join('\n');

  return text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT - 1)}…` : text;
}

function describe(properties: SentPayload['eventProperties']): string {
  const entries = Object.entries(properties);

  return entries.length > 0 ? entries.map(([key, value]) => `${key}: ${value}`).join(', ') : 'none';
}
