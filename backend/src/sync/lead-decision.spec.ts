import { defaultSettings } from '@heap-sync/shared';
import { decideLead, NEW_DEAL_STATE } from './lead-decision';
import { KommoContact, KommoLead } from './mapping/lead-mapping';

const context = { accountId: 9, timeZone: 'UTC', settings: defaultSettings('123') };
const lead = (overrides: Partial<KommoLead> = {}): KommoLead => ({
  id: 42,
  name: 'ACME',
  price: 1200,
  responsible_user_id: 7,
  status_id: 142,
  pipeline_id: 3,
  created_at: 1761000000,
  updated_at: 1762077700,
  closed_at: 1762077600,
  custom_fields_values: null,
  ...overrides,
});
const contact: KommoContact = {
  id: 5,
  name: 'Jane',
  custom_fields_values: [
    {
      field_id: 1,
      field_name: 'Email',
      field_code: 'EMAIL',
      field_type: 'multitext',
      values: [{ value: 'Jane@Example.com', enum_code: 'WORK' }],
    },
  ],
};

describe('decideLead', () => {
  it('sends a won deal once, stamped with its close time, under the live key', () => {
    const decision = decideLead(context, lead(), contact, NEW_DEAL_STATE);

    expect(decision).toMatchObject({
      action: 'send',
      kind: 'won',
      occurredAt: new Date(1762077600 * 1000),
      payload: {
        identity: 'jane@example.com',
        timestamp: new Date(1762077600 * 1000).toISOString(),
        idempotencyKey: 'kommo:9:lead:42:won:1762077700',
      },
      next: { outcome: 'won', lastModifiedAt: 1762077700 },
    });
    if (decision.action !== 'send') throw new Error('expected a send');
    expect(decideLead(context, lead(), contact, decision.next)).toEqual({
      action: 'unchanged',
      next: decision.next,
    });
  });

  it('ignores a read older than the last decided one', () => {
    const state = { outcome: null, lastPlan: null, lastModifiedAt: 1762077701 };

    expect(decideLead(context, lead(), contact, state)).toEqual({ action: 'stale' });
  });

  it('skips a deal with no contact, keeping the key the send would have', () => {
    expect(decideLead(context, lead(), null, NEW_DEAL_STATE)).toMatchObject({
      action: 'skipped',
      kind: 'won',
      key: 'kommo:9:lead:42:won:1762077700',
      reason: 'The deal has no contact',
    });
  });

  it('marks as invalid what Heap would refuse, before anything is sent', () => {
    const settings = { ...context.settings, planFieldId: 77 };
    const plan = {
      field_id: 77,
      field_name: 'Plan',
      field_code: null,
      field_type: 'text',
      values: [{ value: 'x'.repeat(2000) }],
    };
    const decision = decideLead(
      { ...context, settings },
      lead({ custom_fields_values: [plan] }),
      contact,
      NEW_DEAL_STATE,
    );

    expect(decision).toMatchObject({ action: 'invalid', kind: 'won' });
  });
});
