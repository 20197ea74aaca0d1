import { InstallationSettings, statusMatches, SyncKind } from '@heap-sync/shared';
import { DealSnapshot } from './mapping/lead-mapping';

/** What we last told Heap about a deal. */
export interface DealState {
  outcome: 'won' | 'lost' | null;
  lastPlan: string | null;
  lastModifiedAt: number;
}

export interface Transition {
  kind: SyncKind;
  fromPlan: string | null;
}

/**
 * Compares the deal as Kommo has it now with what Heap was last told. Only a change produces a
 * sync, so Kommo's retries and unrelated edits of a won deal send nothing.
 */
export function transitionOf(
  deal: DealSnapshot,
  state: DealState,
  settings: InstallationSettings,
): Transition | null {
  const won = statusMatches(settings.wonStatuses, deal.pipelineId, deal.statusId);
  const lost = statusMatches(settings.lostStatuses, deal.pipelineId, deal.statusId);

  if (won && state.outcome !== 'won') return { kind: 'won', fromPlan: null };
  if (won && deal.plan !== null && deal.plan !== state.lastPlan) {
    return { kind: 'plan_changed', fromPlan: state.lastPlan };
  }
  if (lost && state.outcome !== 'lost') return { kind: 'lost', fromPlan: null };

  return null;
}

/** The state after Heap has been told about `transition`. */
export function applyTransition(state: DealState, deal: DealSnapshot, t: Transition): DealState {
  const outcome = t.kind === 'lost' ? 'lost' : 'won';
  const lastPlan = t.kind === 'lost' ? state.lastPlan : deal.plan;

  return { outcome, lastPlan, lastModifiedAt: deal.updatedAt };
}
