import { KommoEmulator } from '../kommo-emulator';
import { accessTokenFor, apiGet, apiSend, startTestKommo } from '../spec-helpers';

const ACCOUNT = 31000003;

describe('Kommo emulator API v4 writes', () => {
  let kommo: KommoEmulator;
  let token: string;

  beforeEach(async () => {
    kommo = await startTestKommo({ rateLimitPerSecond: 1000 });
    kommo.addAccount({
      id: ACCOUNT,
      subdomain: 'acme',
      users: [
        { id: 1, name: 'Admin', isAdmin: true },
        { id: 2, name: 'Seller', isAdmin: false },
      ],
    });
    token = await accessTokenFor(kommo, ACCOUNT);
  });
  afterEach(() => kommo.close());

  it('rejects tasks without text or complete_till with validation-errors', async () => {
    const answer = await apiSend(kommo, token, 'POST', '/api/v4/tasks', [
      { text: 'Call back', complete_till: 1790000000 },
      { complete_till: '2026-01-01' },
    ]);

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      'validation-errors': [
        {
          request_id: '1',
          errors: [
            { code: 'FieldMissing', path: 'text', detail: 'This field is missing.' },
            {
              code: 'InvalidType',
              path: 'complete_till',
              detail: 'This value should be of type int.',
            },
          ],
        },
      ],
      title: 'Bad Request',
      type: 'https://httpstatus.es/400',
      status: 400,
      detail: 'Request validation failed',
    });
    expect(kommo.tasks).toHaveLength(0);
  });

  it('creates tasks and filters them by entity and completion', async () => {
    const lead = kommo.addLead(ACCOUNT, {});
    const created = await apiSend(kommo, token, 'POST', '/api/v4/tasks', [
      { text: 'At-risk user', complete_till: 1790000000, entity_type: 'leads', entity_id: lead.id },
      { text: 'Unrelated', complete_till: 1790000000 },
    ]);
    const listed = await apiGet(
      kommo,
      token,
      `/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=${lead.id}` +
        '&filter[is_completed]=0',
    );

    expect(created.json._embedded.tasks.map((t: { request_id: string }) => t.request_id)).toEqual([
      '0',
      '1',
    ]);
    expect(listed.json._embedded.tasks).toEqual([
      expect.objectContaining({
        text: 'At-risk user',
        entity_id: lead.id,
        task_type_id: 1,
        is_completed: false,
      }),
    ]);
  });

  it('subscribes, lists by destination, re-subscribes and unsubscribes webhooks', async () => {
    const destination = 'https://sync.example.test/kommo/webhooks/t0k3n';
    const created = await apiSend(kommo, token, 'POST', '/api/v4/webhooks', {
      destination,
      settings: ['status_lead'],
      sort: 10,
    });
    const again = await apiSend(kommo, token, 'POST', '/api/v4/webhooks', {
      destination,
      settings: ['status_lead', 'update_lead'],
    });
    const listed = await apiGet(
      kommo,
      token,
      `/api/v4/webhooks?filter[destination]=${encodeURIComponent(destination)}`,
    );
    const removed = await apiSend(kommo, token, 'DELETE', '/api/v4/webhooks', { destination });
    const after = await apiGet(kommo, token, '/api/v4/webhooks');

    expect(created.json).toMatchObject({
      destination,
      settings: ['status_lead'],
      sort: 10,
      disabled: false,
    });
    expect(again.json.id).toBe(created.json.id);
    expect(listed.json).toMatchObject({ _total_items: 1 });
    expect(listed.json._embedded.webhooks[0].settings).toEqual(['status_lead', 'update_lead']);
    expect(removed.status).toBe(204);
    expect(after.status).toBe(204);
  });

  it('rejects unknown webhook events and non-admin tokens', async () => {
    const bad = await apiSend(kommo, token, 'POST', '/api/v4/webhooks', {
      destination: 'https://sync.example.test/hook',
      settings: ['status_deal'],
    });
    const sellerToken = await accessTokenFor(kommo, ACCOUNT, 2);
    const forbidden = await apiSend(kommo, sellerToken, 'POST', '/api/v4/webhooks', {
      destination: 'https://sync.example.test/hook',
      settings: ['status_lead'],
    });

    expect(bad.status).toBe(400);
    expect(bad.json['validation-errors'][0].errors).toEqual([
      expect.objectContaining({ code: 'NotSupportedChoice', path: 'settings.0' }),
    ]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toMatchObject({ title: 'Forbidden', status: 403 });
  });

  it('answers 400 instead of crashing on malformed JSON', async () => {
    const answer = await apiSend(kommo, token, 'POST', '/api/v4/tasks', '[{"text":');

    expect(answer.status).toBe(400);
    const healthy = await apiGet(kommo, token, '/api/v4/account');
    expect(healthy.status).toBe(200);
  });
});
