import { KommoEmulator } from '../kommo-emulator';
import { accessTokenFor, apiGet, apiSend, startTestKommo } from '../spec-helpers';

const ACCOUNT = 31000002;

describe('Kommo emulator API v4 reads', () => {
  let kommo: KommoEmulator;
  let token: string;

  beforeEach(async () => {
    // Paging tests make more than 7 calls in a row; the limit has its own spec.
    kommo = await startTestKommo({ rateLimitPerSecond: 1000 });
    kommo.addAccount({ id: ACCOUNT, subdomain: 'acme', timezone: 'Europe/Madrid' });
    token = await accessTokenFor(kommo, ACCOUNT);
  });
  afterEach(() => kommo.close());

  it('answers 204 with an empty body for a missing or deleted lead', async () => {
    const lead = kommo.addLead(ACCOUNT, { name: 'Gone soon' });
    await kommo.deleteLead(ACCOUNT, lead.id, { sendWebhooks: false });

    for (const id of [lead.id, 99]) {
      const answer = await apiGet(kommo, token, `/api/v4/leads/${id}?with=contacts`);
      expect(answer).toMatchObject({ status: 204, text: '' });
    }
  });

  it('returns a lead in v4 shape with null custom fields and embedded contacts', async () => {
    const lead = kommo.addLead(ACCOUNT, { name: 'Pro plan', price: 1200 });
    const contact = kommo.addContact(ACCOUNT, {
      name: 'Ana Ruiz',
      custom_fields_values: [{ field_code: 'EMAIL', values: [{ value: 'ana@example.com' }] }],
    });
    kommo.linkContact(ACCOUNT, lead.id, contact.id);

    const answer = await apiGet(kommo, token, `/api/v4/leads/${lead.id}?with=contacts`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/hal+json');
    expect(answer.json).toMatchObject({ id: lead.id, price: 1200, custom_fields_values: null });
    expect(answer.json._embedded.contacts).toEqual([
      {
        id: contact.id,
        is_main: true,
        _links: { self: { href: `${kommo.url}/api/v4/contacts/${contact.id}` } },
      },
    ]);
    const read = await apiGet(kommo, token, `/api/v4/contacts/${contact.id}`);
    expect(read.json.custom_fields_values[0]).toMatchObject({
      field_code: 'EMAIL',
      field_type: 'multitext',
      values: [{ value: 'ana@example.com', enum_code: 'WORK' }],
    });
  });

  it('pages leads with HAL links until next is absent, then answers 204', async () => {
    for (let i = 0; i < 5; i++) kommo.addLead(ACCOUNT, { name: `Deal ${i}` });

    const seen: number[] = [];
    let href: string | undefined = `${kommo.url}/api/v4/leads?limit=2&order[id]=asc`;
    const pages: number[] = [];
    while (href) {
      const answer = await apiGet(kommo, token, href.replace(kommo.url, ''));
      pages.push(answer.json._page);
      seen.push(...answer.json._embedded.leads.map((lead: { id: number }) => lead.id));
      href = answer.json._links.next?.href;
    }
    const beyond = await apiGet(kommo, token, '/api/v4/leads?limit=2&page=4');

    expect(pages).toEqual([1, 2, 3]);
    expect(seen).toEqual([10000001, 10000002, 10000003, 10000004, 10000005]);
    expect(beyond.status).toBe(204);
  });

  it('refuses a page size above 250 with 422', async () => {
    kommo.addLead(ACCOUNT, {});
    const answer = await apiGet(kommo, token, '/api/v4/leads?limit=251');

    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ status: 422, detail: 'Limit 250 per page' });
  });

  it('filters leads by stage and updated_at and orders them', async () => {
    const pipeline = kommo.addPipeline(ACCOUNT, { name: 'Renewals' });
    const stage = pipeline.statuses.find((status) => status.type === 0)!;
    kommo.addLead(ACCOUNT, { updated_at: 1000 });
    const won = kommo.addLead(ACCOUNT, {
      pipeline_id: pipeline.id,
      status_id: 142,
      updated_at: 2000,
    });
    const open = kommo.addLead(ACCOUNT, {
      pipeline_id: pipeline.id,
      status_id: stage.id,
      updated_at: 3000,
    });

    const query =
      `filter[statuses][0][pipeline_id]=${pipeline.id}&filter[statuses][0][status_id]=142` +
      `&filter[statuses][1][pipeline_id]=${pipeline.id}` +
      `&filter[statuses][1][status_id]=${stage.id}` +
      '&filter[updated_at][from]=1500&order[updated_at]=desc';
    const answer = await apiGet(kommo, token, `/api/v4/leads?${query}`);

    expect(answer.json._embedded.leads.map((lead: { id: number }) => lead.id)).toEqual([
      open.id,
      won.id,
    ]);
  });

  it('finds contacts by email and phone, and answers 204 when none match', async () => {
    const contact = kommo.addContact(ACCOUNT, {
      name: 'Li Wei',
      custom_fields_values: [
        { field_code: 'EMAIL', values: [{ value: 'li@example.com', enum_code: 'PRIV' }] },
        { field_code: 'PHONE', values: [{ value: '+34 600 111 222', enum_code: 'MOB' }] },
      ],
    });

    const byEmail = await apiGet(kommo, token, '/api/v4/contacts?query=li@example.com');
    const byPhone = await apiGet(kommo, token, '/api/v4/contacts?query=600111222');
    const none = await apiGet(kommo, token, '/api/v4/contacts?query=nobody@example.com');

    expect(byEmail.json._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([contact.id]);
    expect(byPhone.json._embedded.contacts).toHaveLength(1);
    expect(none).toMatchObject({ status: 204, text: '' });
  });

  it('lists pipelines with the system stages 142 and 143', async () => {
    const answer = await apiGet(kommo, token, '/api/v4/leads/pipelines');
    const [main] = answer.json._embedded.pipelines;
    const statuses = main._embedded.statuses.map((s: { id: number; type: number }) => [
      s.id,
      s.type,
    ]);

    expect(main.is_main).toBe(true);
    expect(statuses[0][1]).toBe(1);
    expect(statuses.slice(-2)).toEqual([
      [142, 0],
      [143, 0],
    ]);
  });

  it('lists lead custom fields with their enums', async () => {
    const field = kommo.addLeadCustomField(ACCOUNT, {
      name: 'Plan',
      type: 'select',
      enums: [{ value: 'Free' }, { value: 'Pro' }],
    });
    const answer = await apiGet(kommo, token, '/api/v4/leads/custom_fields');

    expect(answer.json._embedded.custom_fields).toEqual([
      expect.objectContaining({
        id: field.id,
        type: 'select',
        enums: [
          expect.objectContaining({ value: 'Free', sort: 10 }),
          expect.objectContaining({ value: 'Pro' }),
        ],
      }),
    ]);
  });

  it('gives the account time zone with datetime_settings', async () => {
    const answer = await apiGet(kommo, token, '/api/v4/account?with=datetime_settings');

    expect(answer.json).toMatchObject({ id: ACCOUNT, subdomain: 'acme', current_user_id: 1 });
    expect(answer.json._embedded.datetime_settings.timezone).toBe('Europe/Madrid');
    expect(answer.json._embedded.datetime_settings.timezone_offset).toMatch(/^\+0[12]:00$/);
  });

  it('answers a user with rights.is_admin per its users list, to admins only', async () => {
    kommo.store.account(ACCOUNT).users.push({ id: 7, name: 'Manager', isAdmin: false });

    const admin = await apiGet(kommo, token, '/api/v4/users/1');
    const manager = await apiGet(kommo, token, '/api/v4/users/7');
    const unknown = await apiGet(kommo, token, '/api/v4/users/99');
    const list = await apiGet(kommo, token, '/api/v4/users');
    const asManager = await accessTokenFor(kommo, ACCOUNT, 7);
    const refused = await apiGet(kommo, asManager, '/api/v4/users/7');

    expect(admin.json).toMatchObject({ id: 1, rights: { is_admin: true, is_active: true } });
    expect(manager.json).toMatchObject({ id: 7, name: 'Manager', rights: { is_admin: false } });
    expect(unknown).toMatchObject({ status: 204, text: '' });
    expect(list.json._embedded.users.map((user: { id: number }) => user.id)).toEqual([1, 7]);
    expect(refused.status).toBe(403);
  });

  it('adds notes and returns their ids', async () => {
    const lead = kommo.addLead(ACCOUNT, {});
    const answer = await apiSend(kommo, token, 'POST', '/api/v4/leads/notes', [
      { entity_id: lead.id, note_type: 'common', params: { text: 'Synced to Heap' } },
    ]);

    expect(answer.status).toBe(200);
    expect(answer.json._embedded.notes).toEqual([
      expect.objectContaining({ id: kommo.notes[0].id, entity_id: lead.id, request_id: '0' }),
    ]);
    expect(kommo.notes[0]).toMatchObject({
      entity_type: 'leads',
      params: { text: 'Synced to Heap' },
    });
  });
});
