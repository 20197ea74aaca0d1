import {
  defaultSettings,
  WIDGET_API,
  WIDGET_TOKEN_HEADER,
  type DealSyncResponse,
  type FieldsResponse,
  type InstallationSettings,
  type PipelinesResponse,
} from '@heap-sync/shared';
import request from 'supertest';
import { CrmFixture, installConfiguredAccount } from '../support/crm-fixtures';
import { eventually, Stack, startStack } from '../support/stack';
import { TEST_CLIENT_SECRET } from '../support/test-app';
import { signWidgetToken, WidgetTokenClaims } from '../support/widget-token';

const ACME = 3001;
const GLOBEX = 3002;
/** Installed, never configured. */
const INITECH = 3003;
/** Installed, then uninstalled from Kommo. */
const HOOLI = 3004;
const NOT_INSTALLED = 3999;
/** A user of ACME without admin rights, known to the Kommo emulator. */
const MANAGER = 7;

type Claims = Partial<WidgetTokenClaims> & { accountId: number };

describe('Widget API (/api/widget)', () => {
  let s: Stack;
  let acme: CrmFixture;
  let globex: CrmFixture;
  const http = () => request(s.app.app.getHttpServer());
  const db = (sql: string, params: unknown[] = []) => s.app.dataSource.query(sql, params);
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Claims) =>
    signWidgetToken({
      audience: s.app.config.publicUrl,
      secret: TEST_CLIENT_SECRET,
      isAdmin: true,
      ...claims,
    });
  const stored = async (accountId: number) => {
    const [row] = await db(
      `SELECT s.settings, s.updated_by_user_id::int AS "userId", s.updated_at AS "updatedAt"
       FROM installation_settings s JOIN installations i ON i.id = s.installation_id
       WHERE i.account_id = $1`,
      [accountId],
    );

    return (row as { settings: InstallationSettings; userId: number } | undefined) ?? null;
  };
  const tokenUses = async () => (await db('SELECT count(*)::int AS n FROM widget_token_uses'))[0].n;
  const recordsOf = (accountId: number) =>
    db(
      `SELECT r.id, r.lead_id, r.state, r.attempts, r.last_error, r.updated_at FROM sync_records r
       JOIN installations i ON i.id = r.installation_id WHERE i.account_id = $1 ORDER BY r.id`,
      [accountId],
    );
  const dealSync = async (accountId: number, leadId: number): Promise<DealSyncResponse> =>
    (
      await http()
        .get(WIDGET_API.dealSync(leadId))
        .set(WIDGET_TOKEN_HEADER, await s.token(accountId))
        .expect(200)
    ).body;
  const badgeBecomes = (accountId: number, leadId: number, badge: string) =>
    eventually(`badge ${badge} for deal ${leadId}`, async () => {
      const body = await dealSync(accountId, leadId);

      return body.badge === badge ? body : undefined;
    });
  const testEvents = () => s.heap.events.filter((event) => event.event === 'crm_test_event');
  // Sync jobs, backfills and reconciliation call Kommo in the background too, so a window of
  // the request log says something only about calls that the widget API alone makes.
  const kommoCallsSince = (since: number, path: RegExp) =>
    s.kommo.requests.slice(since).filter((r) => path.test(r.path));
  const winDeal = (fixture: CrmFixture, leadId: number) =>
    s.kommo.updateLead(fixture.accountId, leadId, { status_id: 142, updated_at: fixture.tick() });

  beforeAll(async () => {
    s = await startStack();
    acme = await installConfiguredAccount(s, ACME, 'acme');
    globex = await installConfiguredAccount(s, GLOBEX, 'globex', '7654321');
    s.kommo.addAccount({ id: INITECH, subdomain: 'initech' });
    s.kommo.addAccount({ id: HOOLI, subdomain: 'hooli' });
    for (const accountId of [INITECH, HOOLI]) {
      expect((await s.kommo.sendInstallRedirect(accountId)).status).toBe(200);
    }
    const hook = `${s.app.config.publicUrl}/api/kommo/disconnect`;
    expect((await s.kommo.sendDisconnectHook(hook, HOOLI)).status).toBe(200);
    s.kommo.store.account(ACME).users.push({ id: MANAGER, name: 'Sales manager', isAdmin: false });
  });
  afterAll(() => s.close());

  describe('token checks: refused with 401, nothing changes', () => {
    const refusals: Array<{ name: string; token: () => Promise<string | null>; reason: RegExp }> = [
      {
        name: 'an expired token',
        token: () => sign({ accountId: ACME, issuedAt: now() - 3600 }),
        reason: /ERR_JWT_EXPIRED/,
      },
      {
        name: 'a token signed with another secret',
        token: () => sign({ accountId: ACME, secret: 'another-integration-secret-0123456789' }),
        reason: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
      },
      {
        name: 'a token for another audience',
        token: () => sign({ accountId: ACME, audience: 'https://other-integration.example.com' }),
        reason: /ERR_JWT_CLAIM_VALIDATION_FAILED/,
      },
      {
        name: 'a token whose nbf is in the future',
        token: () => sign({ accountId: ACME, notBefore: now() + 600 }),
        reason: /ERR_JWT_CLAIM_VALIDATION_FAILED/,
      },
      {
        name: 'a token whose jti was already accepted',
        token: async () => {
          const token = await sign({ accountId: ACME });
          await http().get(WIDGET_API.settings).set(WIDGET_TOKEN_HEADER, token).expect(200);

          return token;
        },
        reason: /already used/,
      },
      { name: 'no X-Auth-Token header', token: async () => null, reason: /header is missing/ },
      { name: 'a malformed token', token: async () => 'not.a.jwt', reason: /Invalid widget/ },
      {
        name: 'a token for an account with no installation',
        token: () => sign({ accountId: NOT_INSTALLED }),
        reason: /no active installation/,
      },
      {
        name: 'a token for an uninstalled account',
        token: () => sign({ accountId: HOOLI }),
        reason: /no active installation/,
      },
    ];

    it.each(refusals)('$name', async ({ token, reason }) => {
      const presented = await token();
      const before = { settings: await stored(ACME), uses: await tokenUses() };
      const put = http()
        .put(WIDGET_API.settings)
        .send({ ...before.settings!.settings, heapAppId: '999999' });
      if (presented) put.set(WIDGET_TOKEN_HEADER, presented);

      const response = await put.expect(401);

      expect(response.body).toMatchObject({ statusCode: 401, code: 'unauthorized' });
      expect(response.body.message).toMatch(reason);
      expect(await stored(ACME)).toEqual(before.settings);
      expect(await tokenUses()).toBe(before.uses);
    });

    it('guards every widget endpoint and calls neither Kommo nor Heap', async () => {
      const kommoCalls = s.kommo.requests.length;
      const sentTests = testEvents().length;
      const calls = [
        http().get(WIDGET_API.settings),
        http().put(WIDGET_API.settings).send({ heapAppId: '1' }),
        http().get(WIDGET_API.fields),
        http().get(WIDGET_API.pipelines),
        http().post(WIDGET_API.testEvent).send({ identity: 'x@example.com' }),
        http().get(WIDGET_API.dealSync(1)),
        http().post(WIDGET_API.retry(1, '00000000-0000-4000-8000-000000000000')),
      ];

      for (const call of calls) await call.expect(401);
      expect(kommoCallsSince(kommoCalls, /^\/api\/v4\/users\//)).toEqual([]);
      expect(testEvents()).toHaveLength(sentTests);
    });
  });

  describe('another account\u2019s deal', () => {
    let foreignLead: number;
    let foreignRecord: string;

    beforeAll(async () => {
      s.heap.failNext({ status: 400, times: 1, path: '/api/add_user_properties' });
      foreignLead = globex.addDeal({ email: 'buyer@globex.example' }).leadId;
      await winDeal(globex, foreignLead);
      foreignRecord = (await badgeBecomes(GLOBEX, foreignLead, 'failed')).records[0].id;
    });

    it('is refused to A\u2019s token (403) for the badge, while B reads it', async () => {
      const response = await http()
        .get(WIDGET_API.dealSync(foreignLead))
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(403);

      expect(response.body).toMatchObject({ code: 'forbidden' });
      expect(JSON.stringify(response.body)).not.toContain('buyer@globex.example');
      expect((await dealSync(GLOBEX, foreignLead)).badge).toBe('failed');
    });

    it('is refused to A\u2019s token (403) for a retry; no record of A or B changes', async () => {
      const before = { acme: await recordsOf(ACME), globex: await recordsOf(GLOBEX) };

      await http()
        .post(WIDGET_API.retry(foreignLead, foreignRecord))
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(403);
      const ownLead = acme.addDeal({}).leadId;
      await http()
        .post(WIDGET_API.retry(ownLead, foreignRecord))
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(409);

      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await recordsOf(ACME)).toEqual(before.acme);
      expect(await recordsOf(GLOBEX)).toEqual(before.globex);
      expect(s.heap.events.filter((e) => e.properties.deal_id === foreignLead)).toEqual([]);
    });
  });

  describe('admin rights', () => {
    const attemptSave = async (claims: Claims, heapAppId: string) =>
      http()
        .put(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await sign(claims))
        .send({ ...(await stored(ACME))!.settings, heapAppId });
    const userLookups = (userId: number) =>
      s.kommo.requests.filter((r) => r.path === `/api/v4/users/${userId}` && r.accountId === ACME);

    it('refuses a non-admin changing settings or sending a test event (403)', async () => {
      const before = await stored(ACME);
      const sentTests = testEvents().length;
      const save = await attemptSave({ accountId: ACME, userId: MANAGER, isAdmin: false }, '42');
      const test = await http()
        .post(WIDGET_API.testEvent)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME, { userId: MANAGER, isAdmin: false }))
        .send({ identity: 'manager@acme.example' });

      expect(save.status).toBe(403);
      expect(save.body).toMatchObject({ code: 'forbidden' });
      expect(test.status).toBe(403);
      expect(await stored(ACME)).toEqual(before);
      expect(testEvents()).toHaveLength(sentTests);
      expect(userLookups(MANAGER)).toHaveLength(0);
    });

    it('lets a non-admin read the settings', async () => {
      const response = await http()
        .get(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME, { userId: MANAGER, isAdmin: false }))
        .expect(200);

      expect(response.body.settings.heapAppId).toBe('1234567');
    });

    it('asks Kommo for the rights when is_admin is absent, and enforces the answer', async () => {
      const before = await stored(ACME);
      const manager = await attemptSave(
        { accountId: ACME, userId: MANAGER, isAdmin: undefined },
        '42',
      );
      const stranger = await attemptSave(
        { accountId: ACME, userId: 4242, isAdmin: undefined },
        '43',
      );

      expect(manager.status).toBe(403);
      expect(stranger.status).toBe(403);
      expect(await stored(ACME)).toEqual(before);
      expect(userLookups(MANAGER).map((r) => r.status)).toEqual([200]);
      expect(userLookups(4242).map((r) => r.status)).toEqual([204]);

      const admin = await attemptSave(
        { accountId: ACME, userId: 1, isAdmin: undefined },
        '1234567',
      );

      expect(admin.status).toBe(200);
      expect(userLookups(1).length).toBeGreaterThan(0);
      expect(userLookups(1).every((r) => r.status === 200)).toBe(true);
      expect(await stored(ACME)).toMatchObject({ userId: 1, settings: before!.settings });
    });

    it('reads the rights on every request, so a promotion in Kommo applies at once', async () => {
      const manager = s.kommo.store.account(ACME).users.find((user) => user.id === MANAGER)!;
      manager.isAdmin = true;
      try {
        const save = await attemptSave(
          { accountId: ACME, userId: MANAGER, isAdmin: undefined },
          '1234567',
        );

        expect(save.status).toBe(200);
        expect((await stored(ACME))!.userId).toBe(MANAGER);
      } finally {
        manager.isAdmin = false;
      }
    });
  });

  describe('settings', () => {
    const put = async (accountId: number, body: unknown, status: number) =>
      http()
        .put(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(accountId))
        .send(body as object)
        .expect(status);

    it('reads the defaults with configured: false before the first save', async () => {
      const response = await http()
        .get(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(INITECH))
        .expect(200);

      expect(response.body).toMatchObject({
        installation: {
          accountId: INITECH,
          status: 'active',
          reconnectUrl: `${s.app.config.publicUrl}/api/kommo/oauth/start`,
        },
        configured: false,
      });
      expect(response.body.settings).toEqual(defaultSettings());
    });

    it('refuses a test event before the first save (409) and sends nothing', async () => {
      const sentTests = testEvents().length;
      const response = await http()
        .post(WIDGET_API.testEvent)
        .set(WIDGET_TOKEN_HEADER, await s.token(INITECH))
        .send({ identity: 'qa@initech.example' })
        .expect(409);

      expect(response.body.code).toBe('conflict');
      expect(testEvents()).toHaveLength(sentTests);
    });

    it('answers 400 with fieldErrors keyed by field path and stores nothing', async () => {
      const response = await put(
        INITECH,
        {
          heapAppId: 'app-12',
          heapRegion: 'mars',
          identity: { source: 'custom_field' },
          planFieldId: -5,
          wonStatuses: [],
        },
        400,
      );

      expect(response.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
      expect(response.body.fieldErrors).toEqual({
        heapAppId: 'The Heap app_id is the number shown under Account → Manage → Projects',
        heapRegion: expect.any(String),
        'identity.contactFieldId': 'Choose the contact field that holds the Heap identity',
        planFieldId: expect.any(String),
        wonStatuses: 'Choose at least one won status',
      });
      expect(await stored(INITECH)).toBeNull();
    });

    it('saves valid settings and reads them back', async () => {
      const settings: InstallationSettings = {
        ...defaultSettings('2468'),
        heapRegion: 'eu',
        identity: { source: 'contact_id', contactFieldId: null, lowercaseEmail: false },
        wonStatuses: [{ pipelineId: null, statusId: 142 }],
      };

      const saved = await put(INITECH, { ...settings, heapAppId: ' 2468 ' }, 200);
      const read = await http()
        .get(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(INITECH, { userId: MANAGER, isAdmin: false }))
        .expect(200);

      expect(saved.body).toMatchObject({ configured: true, settings });
      expect(read.body).toMatchObject({ configured: true, settings });
      expect(read.body.settings).toEqual(saved.body.settings);
      expect(await stored(INITECH)).toMatchObject({ settings, userId: 1 });
    });
  });

  describe('tenant isolation', () => {
    it('gives B\u2019s token B\u2019s settings, never A\u2019s', async () => {
      const response = await http()
        .get(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(GLOBEX))
        .expect(200);

      expect(response.body.installation.accountId).toBe(GLOBEX);
      expect(response.body.settings.heapAppId).toBe('7654321');
    });

    it('changes only B\u2019s settings with B\u2019s token, whatever the body names', async () => {
      const acmeBefore = await stored(ACME);
      const [{ id: acmeInstallation }] = await db(
        'SELECT id FROM installations WHERE account_id = $1',
        [ACME],
      );

      await http()
        .put(WIDGET_API.settings)
        .set(WIDGET_TOKEN_HEADER, await s.token(GLOBEX))
        .send({
          ...(await stored(GLOBEX))!.settings,
          heapAppId: '5555555',
          accountId: ACME,
          installationId: acmeInstallation,
        })
        .expect(200);

      expect(await stored(ACME)).toEqual(acmeBefore);
      expect((await stored(GLOBEX))!.settings.heapAppId).toBe('5555555');
    });

    it('reads B\u2019s fields from Kommo with B\u2019s credentials', async () => {
      const since = s.kommo.requests.length;
      const response = await http()
        .get(WIDGET_API.fields)
        .set(WIDGET_TOKEN_HEADER, await s.token(GLOBEX))
        .expect(200);
      const body = response.body as FieldsResponse;

      expect(body.leadFields.map((field) => field.id)).toEqual([
        globex.planFieldId,
        globex.sourceFieldId,
      ]);
      const reads = kommoCallsSince(since, /^\/api\/v4\/leads\/custom_fields$/);
      expect(reads.map((call) => call.accountId)).toContain(GLOBEX);
    });
  });

  describe('Kommo structure', () => {
    it('reads the lead and contact fields through the Kommo API', async () => {
      const response = await http()
        .get(WIDGET_API.fields)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(200);
      const { leadFields, contactFields } = response.body as FieldsResponse;
      const plan = s.kommo.store.account(ACME).leadFields.find((f) => f.id === acme.planFieldId)!;

      expect(leadFields).toEqual([
        {
          id: acme.planFieldId,
          name: 'Plan',
          type: 'select',
          code: null,
          enums: plan.enums!.map(({ id, value }) => ({ id, value })),
        },
        { id: acme.sourceFieldId, name: 'Source', type: 'text', code: null, enums: [] },
      ]);
      expect(plan.enums!.map((option) => option.value)).toEqual(['Starter', 'Growth', 'Scale']);
      expect(contactFields.map((field) => [field.code, field.type])).toEqual([
        ['POSITION', 'text'],
        ['PHONE', 'multitext'],
        ['EMAIL', 'multitext'],
      ]);
      for (const field of [...leadFields, ...contactFields]) {
        expect(Object.keys(field).sort()).toEqual(['code', 'enums', 'id', 'name', 'type']);
      }
    });

    it('reads the pipelines with their statuses through the Kommo API', async () => {
      const renewals = s.kommo.addPipeline(ACME, { name: 'Renewals' });
      const response = await http()
        .get(WIDGET_API.pipelines)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(200);
      const { pipelines } = response.body as PipelinesResponse;
      const expected = s.kommo.store.account(ACME).pipelines.map((pipeline) => ({
        id: pipeline.id,
        name: pipeline.name,
        isMain: pipeline.is_main,
        statuses: [...pipeline.statuses]
          .sort((a, b) => a.sort - b.sort)
          .map(({ id, name, color, type }) => ({ id, name, color, type })),
      }));

      expect(pipelines).toEqual(expected);
      expect(pipelines.map((p) => [p.id, p.isMain])).toEqual([
        [acme.pipelineId, true],
        [renewals.id, false],
      ]);
      for (const pipeline of pipelines) {
        expect(pipeline.statuses.map((status) => status.id)).toEqual(
          expect.arrayContaining([142, 143]),
        );
      }
    });
  });

  describe('test event', () => {
    const send = async (identity: unknown, status: number) =>
      http()
        .post(WIDGET_API.testEvent)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .send({ identity })
        .expect(status);

    it('sends exactly one crm_test_event with the given identity', async () => {
      const before = testEvents().length;
      const response = await send(' qa@acme.example ', 201);

      expect(response.body).toEqual({
        ok: true,
        heapStatus: 200,
        message: 'Heap accepted the test event',
      });
      const sent = testEvents().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        appId: '1234567',
        identity: 'qa@acme.example',
        properties: { source: 'heap_sync_for_kommo', kommo_account_id: ACME },
      });
    });

    it.each([400, 503])(
      'reports Heap answering %i as ok: false with heapStatus',
      async (status) => {
        const before = testEvents().length;
        s.heap.failNext({ status, times: 1, path: '/api/track' });
        const response = await send('qa@acme.example', 201);

        expect(response.body).toMatchObject({ ok: false, heapStatus: status });
        expect(response.body.message).toEqual(expect.any(String));
        expect(testEvents()).toHaveLength(before);
      },
    );

    it('asks for an identity (400 with fieldErrors.identity)', async () => {
      const response = await send('  ', 400);

      expect(response.body.fieldErrors).toEqual({ identity: expect.any(String) });
    });
  });

  describe('deal badge', () => {
    let failedLead: number;

    it('is not_applicable for a deal nothing was sent about', async () => {
      const { leadId } = acme.addDeal({});

      expect(await dealSync(ACME, leadId)).toEqual({
        leadId,
        badge: 'not_applicable',
        lastSyncedAt: null,
        records: [],
      });
    });

    it('is pending while Heap has not answered, then synced with what was sent', async () => {
      const { leadId } = acme.addDeal({ email: 'Slow@Acme.example', plan: 'Scale', price: 900 });
      s.heap.setLatency(1500);
      try {
        await winDeal(acme, leadId);
        const pending = await badgeBecomes(ACME, leadId, 'pending');

        expect(pending.lastSyncedAt).toBeNull();
        expect(pending.records).toMatchObject([{ kind: 'won', state: 'pending', syncedAt: null }]);
      } finally {
        s.heap.setLatency(0);
      }

      const synced = await badgeBecomes(ACME, leadId, 'synced');
      const [record] = synced.records;
      const [heapEvent] = s.heap.events.filter(
        (e) => e.event === 'crm_deal_won' && e.properties.deal_id === leadId,
      );
      expect(record).toMatchObject({ leadId, kind: 'won', state: 'synced', lastError: null });
      expect(synced.lastSyncedAt).toBe(record.syncedAt);
      expect(record.sent).toMatchObject({
        identity: 'slow@acme.example',
        event: 'crm_deal_won',
        eventProperties: heapEvent.properties,
        userProperties: { plan: 'Scale', mrr: 900, customer: 'true' },
      });
    });

    it('is skipped with the reason for a deal without a contact', async () => {
      const { leadId } = acme.addDeal({ email: null });
      await winDeal(acme, leadId);

      const body = await badgeBecomes(ACME, leadId, 'skipped');
      expect(body.records).toMatchObject([
        { state: 'skipped', lastError: 'The deal has no contact', sent: null },
      ]);
    });

    it('is invalid with the reason when Heap would refuse the data', async () => {
      const { leadId } = acme.addDeal({ email: 'long@acme.example', source: 'x'.repeat(1100) });
      await winDeal(acme, leadId);

      const body = await badgeBecomes(ACME, leadId, 'invalid');
      expect(body.records[0].lastError).toMatch(/crm_source.*1100 characters/);
      expect(s.heap.events.filter((e) => e.properties.deal_id === leadId)).toHaveLength(0);
    });

    it('is failed with Heap\u2019s reason after a 400', async () => {
      failedLead = acme.addDeal({ email: 'refused@acme.example' }).leadId;
      s.heap.failNext({ status: 400, times: 1, path: '/api/add_user_properties' });
      await winDeal(acme, failedLead);

      const body = await badgeBecomes(ACME, failedLead, 'failed');
      expect(body.lastSyncedAt).toBeNull();
      expect(body.records).toMatchObject([{ state: 'failed', attempts: 1 }]);
      expect(body.records[0].lastError).toContain('Bad Request');
    });

    it('retries a failed record until it is synced, and refuses retrying it again', async () => {
      const [failed] = (await dealSync(ACME, failedLead)).records;
      const retried = await http()
        .post(WIDGET_API.retry(failedLead, failed.id))
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(201);

      expect(['pending', 'synced']).toContain(retried.body.badge);
      const synced = await badgeBecomes(ACME, failedLead, 'synced');
      expect(synced.records).toMatchObject([
        { id: failed.id, state: 'synced', attempts: 2, lastError: null },
      ]);
      const won = s.heap.events.filter(
        (e) => e.event === 'crm_deal_won' && e.properties.deal_id === failedLead,
      );
      expect(won).toHaveLength(1);

      const again = await http()
        .post(WIDGET_API.retry(failedLead, failed.id))
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
        .expect(409);
      expect(again.body.code).toBe('conflict');
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      http()
        .options(WIDGET_API.settings)
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'PUT')
        .set('Access-Control-Request-Headers', 'content-type,x-auth-token');

    it.each(['https://acme.kommo.com', 'https://globex.amocrm.com'])(
      'allows a preflight from %s with X-Auth-Token',
      async (origin) => {
        const response = await preflight(origin).expect(204);

        expect(response.headers['access-control-allow-origin']).toBe(origin);
        expect(response.headers['access-control-allow-headers']).toContain('X-Auth-Token');
        expect(response.headers['access-control-allow-methods']).toContain('PUT');
      },
    );

    it.each([
      'https://evil.example.com',
      'https://acme.kommo.com.evil.example.com',
      'http://acme.kommo.com',
    ])('refuses a preflight from %s', async (origin) => {
      const response = await preflight(origin);

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const read = await http()
        .get(WIDGET_API.settings)
        .set('Origin', origin)
        .set(WIDGET_TOKEN_HEADER, await s.token(ACME));
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
