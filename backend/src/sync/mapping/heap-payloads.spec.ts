import { HeapValidationError } from '../../heap/heap-error';
import { buildPayload, noteText } from './heap-payloads';
import { DealSnapshot } from './lead-mapping';

const DEAL: DealSnapshot = {
  leadId: 42,
  pipelineId: 3,
  statusId: 142,
  price: 1200,
  plan: 'Pro',
  source: 'Webinar',
  // 2025-11-02 02:00 UTC: still 1 November in São Paulo.
  closedAt: 1762048800,
  updatedAt: 1762077600,
};
const BASE = { accountId: 31, identity: 'jane@acme.example', timeZone: 'America/Sao_Paulo' };

describe('buildPayload', () => {
  it('builds the won payload', () => {
    expect(buildPayload('won', { ...BASE, deal: DEAL })).toEqual({
      identity: 'jane@acme.example',
      event: 'crm_deal_won',
      eventProperties: { plan: 'Pro', amount: 1200, deal_id: 42, pipeline_id: 3 },
      userProperties: {
        plan: 'Pro',
        mrr: 1200,
        customer: 'true',
        won_date: '2025-11-01',
        crm_source: 'Webinar',
        kommo_deal_id: 42,
      },
      timestamp: '2025-11-02T02:00:00.000Z',
      idempotencyKey: 'kommo:31:lead:42:won:1762077600',
    });
  });

  it('drops what the deal does not have', () => {
    const bare = { ...DEAL, price: null, plan: null, source: null, closedAt: null };
    const payload = buildPayload('won', { ...BASE, timeZone: 'UTC', deal: bare });

    expect(payload.userProperties).toEqual({
      customer: 'true',
      won_date: '2025-11-02',
      kommo_deal_id: 42,
    });
    expect(payload.eventProperties).toEqual({ deal_id: 42, pipeline_id: 3 });
    expect(payload.timestamp).toBe('2025-11-02T10:00:00.000Z');
  });

  it('builds the plan change payload at the time of the edit', () => {
    const payload = buildPayload('plan_changed', {
      ...BASE,
      deal: { ...DEAL, plan: 'Enterprise' },
      fromPlan: 'Pro',
    });

    expect(payload).toEqual({
      identity: 'jane@acme.example',
      event: 'crm_plan_upgraded',
      eventProperties: { from_plan: 'Pro', to_plan: 'Enterprise', deal_id: 42 },
      userProperties: { plan: 'Enterprise' },
      timestamp: '2025-11-02T10:00:00.000Z',
      idempotencyKey: 'kommo:31:lead:42:plan_changed:1762077600',
    });
  });

  it('builds the lost payload', () => {
    const payload = buildPayload('lost', { ...BASE, deal: { ...DEAL, statusId: 143 } });

    expect(payload).toEqual({
      identity: 'jane@acme.example',
      event: 'crm_churned',
      eventProperties: { deal_id: 42 },
      userProperties: { customer: 'false', churned: 'true', churn_date: '2025-11-01' },
      timestamp: '2025-11-02T02:00:00.000Z',
      idempotencyKey: 'kommo:31:lead:42:lost:1762077600',
    });
  });

  it('refuses what Heap would refuse, naming the field', () => {
    const longPlan = { ...DEAL, plan: 'p'.repeat(2000) };
    let error: unknown;
    try {
      buildPayload('plan_changed', { ...BASE, deal: longPlan });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(HeapValidationError);
    expect((error as HeapValidationError).field).toBe('properties.to_plan');
    expect(() => buildPayload('won', { ...BASE, identity: '0', deal: DEAL })).toThrow(
      'The Heap identity is a placeholder value',
    );
  });
});

describe('noteText', () => {
  it('says what was sent', () => {
    const payload = buildPayload('won', { ...BASE, deal: DEAL });

    expect(noteText(payload)).toBe(
      [
        'Sent to Heap: event "crm_deal_won" for jane@acme.example at 2025-11-02T02:00:00.000Z',
        'Event properties: plan: Pro, amount: 1200, deal_id: 42, pipeline_id: 3',
        'User properties: plan: Pro, mrr: 1200, customer: true, won_date: 2025-11-01, ' +
          'crm_source: Webinar, kommo_deal_id: 42',
      ].join('\n'),
    );
  });

  it('stays within 2000 characters', () => {
    const payload = buildPayload('won', { ...BASE, deal: { ...DEAL, plan: 'p'.repeat(1000) } });
    const text = noteText({
      ...payload,
      userProperties: { ...payload.userProperties, a: 'x'.repeat(900) },
    });

    expect(text).toHaveLength(2000);
    expect(text.endsWith('…')).toBe(true);
  });
});
