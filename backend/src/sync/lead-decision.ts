import type { InstallationSettings, SentPayload, SyncKind } from '@heap-sync/shared';
import { HeapValidationError } from '../heap/heap-error';
import { idempotencyKey } from '../heap/heap-rules';
import { applyTransition, DealState, transitionOf } from './deal-state';
import { buildPayload } from './mapping/heap-payloads';
import { dealSnapshot, KommoContact, KommoLead, resolveIdentity } from './mapping/lead-mapping';

export interface DecisionContext {
  accountId: number;
  timeZone: string;
  settings: InstallationSettings;
}

/**
 * What one fresh read of a deal means for Heap, given what Heap was last told. `stale`: a newer
 * read was decided already. `unchanged`: nothing to send, only the read time moves on.
 */
export type LeadDecision =
  | { action: 'stale' }
  | { action: 'unchanged'; next: DealState }
  | {
      action: 'skipped' | 'invalid';
      kind: SyncKind;
      key: string;
      occurredAt: Date;
      reason: string;
    }
  | { action: 'send'; kind: SyncKind; occurredAt: Date; payload: SentPayload; next: DealState };

/** Pure: the caller reads the state, and persists what the decision says. */
export function decideLead(
  context: DecisionContext,
  lead: KommoLead,
  contact: KommoContact | null | undefined,
  state: DealState,
): LeadDecision {
  const { accountId, settings } = context;
  const deal = dealSnapshot(lead, settings);
  if (deal.updatedAt < state.lastModifiedAt) return { action: 'stale' };

  const transition = transitionOf(deal, state, settings);
  if (!transition)
    return { action: 'unchanged', next: { ...state, lastModifiedAt: deal.updatedAt } };

  const { kind } = transition;
  const occurredAt = new Date(
    (kind === 'plan_changed' ? deal.updatedAt : (deal.closedAt ?? deal.updatedAt)) * 1000,
  );
  const key = idempotencyKey(['kommo', accountId, 'lead', lead.id, kind, deal.updatedAt]);
  const identity = resolveIdentity(contact, settings.identity);
  if ('skip' in identity) {
    return { action: 'skipped', kind, key, occurredAt, reason: identity.skip };
  }

  try {
    const payload = buildPayload(kind, {
      accountId,
      deal,
      identity: identity.identity,
      timeZone: context.timeZone,
      fromPlan: transition.fromPlan,
    });

    return {
      action: 'send',
      kind,
      occurredAt,
      payload,
      next: applyTransition(state, deal, transition),
    };
  } catch (error) {
    if (!(error instanceof HeapValidationError)) throw error;

    return { action: 'invalid', kind, key, occurredAt, reason: error.message };
  }
}

/** What Heap was told about a deal never seen before. */
export const NEW_DEAL_STATE: DealState = { outcome: null, lastPlan: null, lastModifiedAt: 0 };
