import request from 'supertest';
import { encodeLeadWebhook } from '../emulators/kommo';
import { CrmFixture, installConfiguredAccount } from '../support/crm-fixtures';
import { eventually, Stack, startStack } from '../support/stack';

const ACME = 2001;

describe('Kommo deal events reach Heap', () => {
  let s: Stack;
  let acme: CrmFixture;
  const db = (sql: string, params: unknown[] = []) => s.app.dataSource.query(sql, params);
  const events = (name: string, dealId: number) =>
    s.heap.events.filter((e) => e.event === name && e.properties.deal_id === dealId);
  const records = (leadId: number) =>
    db('SELECT * FROM sync_records WHERE lead_id = $1 ORDER BY created_at', [leadId]);
  const ourDestination = () =>
    s.kommo.webhooks.get(ACME)!.find((hook) => hook.destination.startsWith(s.app.config.publicUrl))!
      .destination;

  beforeAll(async () => {
    s = await startStack();
    acme = await installConfiguredAccount(s, ACME, 'acme');
  });
  afterAll(() => s.close());

  it('sends a won deal as user properties and crm_deal_won within 2 seconds, then notes the deal', async () => {
    const { leadId } = acme.addDeal({ email: 'Ada@Example.com', plan: 'Growth', price: 1200 });
    const closedAt = acme.tick();
    const started = Date.now();
    await s.kommo.updateLead(ACME, leadId, {
      status_id: 142,
      updated_at: closedAt,
      closed_at: closedAt,
    });

    const [won] = await eventually(
      'crm_deal_won',
      () => events('crm_deal_won', leadId)[0] && events('crm_deal_won', leadId),
      2000,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(won).toMatchObject({
      appId: '1234567',
      identity: 'ada@example.com',
      properties: { plan: 'Growth', amount: 1200, deal_id: leadId, pipeline_id: acme.pipelineId },
      timestamp: new Date(closedAt * 1000).toISOString(),
    });
    const wonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
      new Date(closedAt * 1000),
    );
    expect(s.heap.userProperties.get('1234567')!.get('ada@example.com')).toEqual({
      plan: 'Growth',
      mrr: 1200,
      customer: 'true',
      won_date: wonDate,
      crm_source: 'Google Ads',
      kommo_deal_id: leadId,
    });

    const note = await eventually('the note', () =>
      s.kommo.notes.find((n) => n.entity_id === leadId),
    );
    expect(note.note_type).toBe('common');
    expect(note.params.text).toContain('crm_deal_won');
    expect(note.params.text).toContain('ada@example.com');
    const [record] = await records(leadId);
    expect(record).toMatchObject({ kind: 'won', state: 'synced', attempts: 1 });
  });

  it('sends a plan change on a won deal with the previous plan', async () => {
    const { leadId } = acme.addDeal({ email: 'grace@example.com', plan: 'Starter' });
    await s.kommo.updateLead(ACME, leadId, { status_id: 142, updated_at: acme.tick() });
    await eventually('won', () => events('crm_deal_won', leadId).length === 1);

    await s.kommo.updateLead(ACME, leadId, {
      updated_at: acme.tick(),
      custom_fields_values: [{ field_id: acme.planFieldId, values: [{ value: 'Scale' }] }],
    });

    const [upgrade] = await eventually('crm_plan_upgraded', () => {
      const found = events('crm_plan_upgraded', leadId);

      return found.length ? found : undefined;
    });
    expect(upgrade.properties).toEqual({ from_plan: 'Starter', to_plan: 'Scale', deal_id: leadId });
    expect(s.heap.userProperties.get('1234567')!.get('grace@example.com')!.plan).toBe('Scale');
  });

  it('marks a lost deal churned and sends crm_churned', async () => {
    const { leadId } = acme.addDeal({ email: 'lin@example.com' });
    const closedAt = acme.tick();
    await s.kommo.updateLead(ACME, leadId, {
      status_id: 143,
      updated_at: closedAt,
      closed_at: closedAt,
    });

    const [churn] = await eventually('crm_churned', () => {
      const found = events('crm_churned', leadId);

      return found.length ? found : undefined;
    });
    expect(churn.properties).toEqual({ deal_id: leadId });
    expect(s.heap.userProperties.get('1234567')!.get('lin@example.com')).toMatchObject({
      customer: 'false',
      churned: 'true',
    });
  });

  it('sends one event for the same webhook delivered five times', async () => {
    const { leadId } = acme.addDeal({ email: 'five@example.com' });
    const lead = await s.kommo.updateLead(
      ACME,
      leadId,
      { status_id: 142, updated_at: acme.tick() },
      { sendWebhooks: false },
    );
    const body = encodeLeadWebhook({
      accountId: ACME,
      subdomain: 'acme',
      origin: 'https://acme.kommo.com',
      events: [
        { action: 'status', lead, oldStatusId: acme.openStatusId },
        { action: 'update', lead },
      ],
    });

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await s.kommo.deliverWebhook(ourDestination(), body));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await eventually('won', () => events('crm_deal_won', leadId).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = s.heap.requests
      .flatMap((r): { idempotency_key?: string }[] => {
        const body = r.body as { events?: { idempotency_key: string }[]; idempotency_key?: string };

        return body.events ?? [body];
      })
      .filter((e) => e.idempotency_key?.includes(`:lead:${leadId}:`));
    expect(sent).toHaveLength(1);
    expect(await records(leadId)).toHaveLength(1);
  });

  it('retries while Heap answers 503 and delivers exactly once', async () => {
    s.heap.failNext({ status: 503, times: 3 });
    const { leadId } = acme.addDeal({ email: 'retry@example.com' });
    await s.kommo.updateLead(ACME, leadId, { status_id: 142, updated_at: acme.tick() });

    await eventually('won after 503s', () => events('crm_deal_won', leadId).length === 1, 45000);
    const [record] = await records(leadId);
    expect(record.state).toBe('synced');
    expect(record.attempts).toBeGreaterThanOrEqual(2);
    expect(s.heap.duplicateEvents.filter((e) => e.properties.deal_id === leadId)).toHaveLength(0);
  }, 60000);

  it('fails for good with Heap\u2019s reason on a 400, without retrying', async () => {
    const { leadId } = acme.addDeal({ email: 'refused@example.com' });
    s.heap.failNext({ status: 400, times: 1, path: '/api/add_user_properties' });
    await s.kommo.updateLead(ACME, leadId, { status_id: 142, updated_at: acme.tick() });

    const [record] = await eventually('failed record', async () => {
      const rows = await records(leadId);

      return rows[0]?.state === 'failed' ? rows : undefined;
    });
    expect(record.last_error).toContain('Bad Request');
    expect(record.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await records(leadId))[0].attempts).toBe(1);
    expect(events('crm_deal_won', leadId)).toHaveLength(0);
  });

  it('retries while Kommo fails the lead read and still sends once', async () => {
    const { leadId } = acme.addDeal({ email: 'kommo-down@example.com' });
    s.kommo.failNext({ method: 'GET', pathPrefix: '/api/v4/leads', status: 503, times: 2 });
    await s.kommo.updateLead(ACME, leadId, { status_id: 142, updated_at: acme.tick() });

    await eventually(
      'won after Kommo 503s',
      () => events('crm_deal_won', leadId).length === 1,
      45000,
    );
    const failed = s.kommo.requests.filter(
      (r) => r.path.startsWith('/api/v4/leads') && r.status === 503,
    );
    expect(failed).toHaveLength(2);
    expect(await records(leadId)).toHaveLength(1);
  }, 60000);

  it('records a deal without a contact as skipped with the reason', async () => {
    const { leadId } = acme.addDeal({ email: null });
    await s.kommo.updateLead(ACME, leadId, { status_id: 142, updated_at: acme.tick() });

    const [record] = await eventually('skipped record', async () => {
      const rows = await records(leadId);

      return rows.length ? rows : undefined;
    });
    expect(record).toMatchObject({
      kind: 'won',
      state: 'skipped',
      last_error: 'The deal has no contact',
    });
  });

  it('answers a webhook of 5 000 leads within 2 seconds and syncs every one', async () => {
    const leads = [];
    for (let i = 0; i < 5000; i++) {
      const { leadId } = acme.addDeal({ email: `bulk${i}@example.com` });
      leads.push(
        await s.kommo.updateLead(ACME, leadId, { status_id: 142 }, { sendWebhooks: false }),
      );
    }
    const body = encodeLeadWebhook({
      accountId: ACME,
      subdomain: 'acme',
      origin: 'https://acme.kommo.com',
      events: leads.map((lead) => ({
        action: 'status' as const,
        lead,
        oldStatusId: acme.openStatusId,
      })),
    });

    const answer = await s.kommo.deliverWebhook(ourDestination(), body);

    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(2000);
    const ids = new Set(leads.map((lead) => lead.id));
    await eventually(
      'all 5 000 won events',
      () => s.heap.events.filter((e) => ids.has(e.properties.deal_id as number)).length === 5000,
      60000,
    );
    const bulk = s.heap.requests.filter((r) => (r.body as { events?: unknown[] }).events);
    expect(
      Math.max(...bulk.map((r) => (r.body as { events: unknown[] }).events.length)),
    ).toBeLessThanOrEqual(1000);
  }, 120000);

  describe('bad input', () => {
    const post = (path: string, body: string) =>
      request(s.app.app.getHttpServer())
        .post(path)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(body);
    const path = () => new URL(ourDestination()).pathname;
    const deliveries = async () =>
      (await db('SELECT count(*)::int AS n FROM webhook_deliveries'))[0].n;

    it('stores an unreadable body with its error and still answers 200', async () => {
      const response = await post(path(), '%%%not=a&kommo[[body').expect(200);

      expect(response.body.outcome).toBe('unparseable');
      const [row] = await db('SELECT parse_error, body FROM webhook_deliveries WHERE id = $1', [
        response.body.deliveryId,
      ]);
      expect(row).toEqual({
        parse_error: 'Not a Kommo webhook: no account or leads in the body',
        body: '%%%not=a&kommo[[body',
      });
    });

    it('answers 404 to an unknown token and stores nothing', async () => {
      const before = await deliveries();
      await post(
        '/api/kommo/webhooks/unknown-token-unknown-token-unknown',
        'leads[status][0][id]=1',
      ).expect(404);
      await post('/api/kommo/webhooks/x', 'a=b').expect(404);

      expect(await deliveries()).toBe(before);
    });

    it('refuses a body naming another account but keeps it', async () => {
      const response = await post(
        path(),
        'leads[status][0][id]=77&leads[status][0][updated_at]=5&account[id]=999999&account[subdomain]=evil',
      ).expect(403);

      expect(response.body.code).toBe('forbidden');
      const [row] = await db(
        `SELECT parse_error FROM webhook_deliveries ORDER BY received_at DESC LIMIT 1`,
      );
      expect(row.parse_error).toBe('The body names another Kommo account');
      expect(await db('SELECT 1 FROM lead_changes WHERE lead_id = 77')).toEqual([]);
    });

    it('accepts entries with missing fields without queueing them', async () => {
      const response = await post(
        path(),
        `leads[update][0][name]=no-id&account[id]=${ACME}&account[subdomain]=acme`,
      ).expect(200);

      expect(response.body).toMatchObject({ outcome: 'accepted', leads: 0, queued: 0 });
    });
  });
});
