import { defaultSettings } from '@heap-sync/shared';
import { applyTransition, DealState, transitionOf } from './deal-state';
import { DealSnapshot } from './mapping/lead-mapping';

const settings = defaultSettings('123');
const deal = (patch: Partial<DealSnapshot>): DealSnapshot => ({
  leadId: 7,
  pipelineId: 1,
  statusId: 142,
  price: 500,
  plan: 'Growth',
  source: 'Ads',
  closedAt: 1700000000,
  updatedAt: 1700000000,
  ...patch,
});
const fresh: DealState = { outcome: null, lastPlan: null, lastModifiedAt: 0 };

describe('transitionOf', () => {
  it('sends won once, then nothing for unrelated edits', () => {
    const won = transitionOf(deal({}), fresh, settings);
    expect(won).toEqual({ kind: 'won', fromPlan: null });

    const after = applyTransition(fresh, deal({}), won!);
    expect(after).toEqual({ outcome: 'won', lastPlan: 'Growth', lastModifiedAt: 1700000000 });
    expect(transitionOf(deal({ updatedAt: 1700000100, price: 900 }), after, settings)).toBeNull();
  });

  it('sends a plan change on a won deal with the previous plan', () => {
    const state: DealState = { outcome: 'won', lastPlan: 'Growth', lastModifiedAt: 1 };

    expect(transitionOf(deal({ plan: 'Scale' }), state, settings)).toEqual({
      kind: 'plan_changed',
      fromPlan: 'Growth',
    });
  });

  it('sends lost once, and won again when a lost deal is won back', () => {
    const lostDeal = deal({ statusId: 143 });
    const lost = transitionOf(lostDeal, fresh, settings)!;
    expect(lost.kind).toBe('lost');

    const state = applyTransition(fresh, lostDeal, lost);
    expect(transitionOf(lostDeal, state, settings)).toBeNull();
    expect(transitionOf(deal({}), state, settings)?.kind).toBe('won');
  });

  it('ignores open deals and uses custom won statuses per pipeline', () => {
    const custom = { ...settings, wonStatuses: [{ pipelineId: 5, statusId: 900 }] };

    expect(transitionOf(deal({ statusId: 100 }), fresh, settings)).toBeNull();
    expect(transitionOf(deal({ pipelineId: 5, statusId: 900 }), fresh, custom)?.kind).toBe('won');
    expect(transitionOf(deal({ pipelineId: 6, statusId: 900 }), fresh, custom)).toBeNull();
  });
});
