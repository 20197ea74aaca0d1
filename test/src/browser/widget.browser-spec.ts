import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings, WIDGET_API, WIDGET_TOKEN_HEADER } from '@heap-sync/shared';
import request from 'supertest';
import { ensureWidgetBuild, ZIP_PATH } from '../../../widget/src/test-utils/ensure-widget-build';
import { eventually, Stack, startStack } from '../support/stack';
import { TEST_CLIENT_SECRET } from '../support/test-app';
import { startWidgetHarness, WidgetHarness } from './harness/harness-server';
import { Chromium, launchChromium } from './harness/launch-chromium';
import { contrastOf, openWidgetPage, WidgetPage } from './harness/widget-page';

const ACME = 4001;
const ARTIFACTS = path.resolve(__dirname, '../../artifacts');
const APP_ID_ERROR = 'The Heap app_id is the number shown under Account → Manage → Projects';

describe('the built widget in headless Chromium, Kommo played by a harness page', () => {
  let chromium: Chromium;
  let harness: WidgetHarness;
  let s: Stack;
  let planFieldId: number;
  let sourceFieldId: number;
  const pages: WidgetPage[] = [];
  const db = (sql: string, params: unknown[] = []) => s.app.dataSource.query(sql, params);
  const recordOf = async (leadId: number) =>
    (
      await db('SELECT state, attempts, last_error FROM sync_records WHERE lead_id = $1', [leadId])
    )[0];
  const wonEvents = (leadId: number) =>
    s.heap.events.filter((e) => e.event === 'crm_deal_won' && e.properties.deal_id === leadId);
  const screenshot = (widget: WidgetPage, name: string) =>
    widget.page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

  const open = async (url: string) => {
    const widget = await openWidgetPage(chromium.context, url, s.app.url);
    pages.push(widget);

    return widget;
  };

  /** The widget only talked to our backend, with a fresh token per call, and nothing broke. */
  const expectCleanSession = async (widget: WidgetPage) => {
    const state = await widget.state();
    const tokens = widget.backendCalls.map((call) => call.token);

    expect(widget.strayRequests).toEqual([]);
    expect(widget.pageErrors).toEqual([]);
    expect(state.errors).toEqual([]);
    expect(tokens.every((token) => token?.split('.').length === 3)).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(state.tokens).toBe(widget.backendCalls.length);
    expect(widget.backendCalls.filter((call) => (call.status ?? 0) >= 400)).toEqual([]);
  };

  const addWonDeal = async (email: string) => {
    const lead = s.kommo.addLead(ACME, {
      price: 1200,
      custom_fields_values: [
        { field_id: planFieldId, values: [{ value: 'Growth' }] },
        { field_id: sourceFieldId, values: [{ value: 'Google Ads' }] },
      ],
    });
    const contact = s.kommo.addContact(ACME, {
      name: 'Ada Lovelace',
      custom_fields_values: [{ field_code: 'EMAIL', values: [{ value: email }] }],
    });
    s.kommo.linkContact(ACME, lead.id, contact.id, true);
    await s.kommo.updateLead(ACME, lead.id, { status_id: 142 });

    return lead.id;
  };

  beforeAll(async () => {
    // First, so a machine without Chromium fails here instead of skipping anything.
    chromium = await launchChromium();
    ensureWidgetBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startWidgetHarness(ZIP_PATH);
    s = await startStack({ env: { WIDGET_ALLOWED_ORIGINS: harness.origin } });
    harness.connect({
      backendUrl: s.app.url,
      audience: s.app.config.publicUrl,
      secret: TEST_CLIENT_SECRET,
      accountId: ACME,
      subdomain: 'acme',
      userId: 1,
      isAdmin: true,
    });
    s.kommo.addAccount({ id: ACME, subdomain: 'acme', timezone: 'Europe/Madrid' });
    planFieldId = s.kommo.addLeadCustomField(ACME, {
      name: 'Plan',
      type: 'select',
      enums: [{ value: 'Starter' }, { value: 'Growth' }, { value: 'Scale' }],
    }).id;
    s.kommo.addLeadCustomField(ACME, { name: 'Budget', type: 'numeric' });
    sourceFieldId = s.kommo.addLeadCustomField(ACME, { name: 'Source', type: 'text' }).id;
    expect((await s.kommo.sendInstallRedirect(ACME)).status).toBe(200);
    await eventually('the webhook subscription', () => s.kommo.webhooks.get(ACME)?.length);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(pages.map((widget) => widget.page.close().catch(() => undefined)));
    await chromium?.close();
    await s?.close();
    await harness?.close();
  });

  it('saves a mapping chosen from the account\u2019s fields on the settings page', async () => {
    const widget = await open(harness.url('settings'));
    const { page } = widget;
    const appId = page.getByLabel('Heap app_id');
    const planSelect = page.getByLabel('Plan field', { exact: true });

    await page.getByText('Not configured yet').waitFor();
    await planSelect.locator('option', { hasText: 'Source' }).waitFor({ state: 'attached' });
    expect(await planSelect.locator('option').allTextContents()).toEqual([
      '— None —',
      'Plan',
      'Budget',
      'Source',
    ]);

    await appId.fill('app-12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(APP_ID_ERROR).waitFor();
    expect(await appId.getAttribute('aria-invalid')).toBe('true');
    expect(widget.backendCalls.filter((call) => call.method === 'PUT')).toEqual([]);

    await appId.fill('7654321');
    await planSelect.selectOption({ label: 'Plan' });
    await page.getByLabel('Source field', { exact: true }).selectOption({ label: 'Source' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByText(`Connected to Kommo account ${ACME}.`).waitFor();

    const expected = { ...defaultSettings('7654321'), planFieldId, sourceFieldId };
    const [row] = await db(
      `SELECT settings, updated_by_user_id::int AS "userId" FROM installation_settings`,
    );
    expect(row).toEqual({ settings: expected, userId: 1 });
    const read = await request(s.app.url)
      .get(WIDGET_API.settings)
      .set(WIDGET_TOKEN_HEADER, await s.token(ACME))
      .expect(200);
    expect(read.body).toMatchObject({ configured: true, settings: expected });
    expect(await page.getByText('Not configured yet').count()).toBe(0);
    expect(await widget.state()).toMatchObject({
      callbacks: ['render', 'init', 'bind_actions', 'advancedSettings'],
      mountedSlots: ['advanced'],
    });
    expect(widget.backendCalls.map((call) => `${call.method} ${call.path}`)).toEqual(
      expect.arrayContaining(['GET /api/widget/fields', 'PUT /api/widget/settings']),
    );
    await expectCleanSession(widget);
  });

  it('sends a test event and shows Heap\u2019s answer', async () => {
    const widget = pages[0];
    const { page } = widget;

    await page.getByLabel('Identity to test').fill('qa@acme.example');
    await page.getByRole('button', { name: 'Send test event' }).click();
    const answer = page.locator('[data-ok="true"]');
    await answer.waitFor();

    expect(await answer.innerText()).toContain('Heap accepted the test event.');
    expect(await answer.innerText()).toContain('Heap answered with HTTP status 200.');
    const sent = s.heap.events.filter((event) => event.event === 'crm_test_event');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ appId: '7654321', identity: 'qa@acme.example' });
    expect(await contrastOf(page, '.heap-sync-widget__section')).toBeGreaterThan(4.5);
    await expectCleanSession(widget);
    await screenshot(widget, 'settings.png');
  });

  it('draws the settings page in the dark theme', async () => {
    const widget = await open(harness.url('settings', { theme: 'dark' }));
    const { page } = widget;

    await page.getByText(`Connected to Kommo account ${ACME}.`).waitFor();
    await page
      .getByLabel('Source field', { exact: true })
      .locator('option', { hasText: 'Source' })
      .waitFor({ state: 'attached' });

    expect(await page.getByLabel('Heap app_id').inputValue()).toBe('7654321');
    expect(await page.locator('.heap-sync-widget').getAttribute('data-theme')).toBe('dark');
    expect(await contrastOf(page, '.heap-sync-widget__section')).toBeGreaterThan(4.5);
    await expectCleanSession(widget);
    await screenshot(widget, 'settings-dark.png');
  });

  it('shows a synced deal\u2019s badge in the card\u2019s right column', async () => {
    const leadId = await addWonDeal('Ada@Example.com');
    await eventually('the synced record', async () => (await recordOf(leadId))?.state === 'synced');

    const widget = await open(harness.url('card', { leadId }));
    const { page } = widget;
    const badge = page.locator('#widgets-column [data-badge="synced"]');
    await badge.waitFor();

    expect(await badge.locator('.heap-sync-widget__pill').first().innerText()).toBe('Synced');
    expect(await badge.innerText()).toMatch(/Last sent/);
    expect(await badge.innerText()).toContain('ada@example.com');
    expect(await contrastOf(page, '.heap-sync-widget__pill')).toBeGreaterThan(4.5);
    expect(await widget.state()).toMatchObject({
      callbacks: ['render', 'init', 'bind_actions'],
      mountedSlots: ['card'],
    });
    expect(widget.backendCalls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET ${WIDGET_API.dealSync(leadId)}`,
    ]);
    await expectCleanSession(widget);
  });

  it('shows a failed deal with the reason, and Retry makes it synced', async () => {
    s.heap.failNext({ status: 400, times: 1, path: '/api/add_user_properties' });
    const leadId = await addWonDeal('grace@example.com');
    await eventually('the failed record', async () => (await recordOf(leadId))?.state === 'failed');

    const widget = await open(harness.url('card', { leadId }));
    const { page } = widget;
    const failed = page.locator('[data-badge="failed"]');
    await failed.waitFor();
    expect(await failed.locator('.heap-sync-widget__reason').first().innerText()).toMatch(
      /^Reason: .*Bad Request/,
    );
    await screenshot(widget, 'deal-badge-failed.png');

    const [{ id: recordId }] = await db('SELECT id FROM sync_records WHERE lead_id = $1', [leadId]);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-badge="synced"]').waitFor({ timeout: 20_000 });

    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await recordOf(leadId)).toMatchObject({
      state: 'synced',
      attempts: 2,
      last_error: null,
    });
    expect(wonEvents(leadId)).toHaveLength(1);
    expect(widget.backendCalls.map((call) => `${call.method} ${call.path}`)).toContain(
      `POST ${WIDGET_API.retry(leadId, recordId)}`,
    );
    await expectCleanSession(widget);
    await screenshot(widget, 'deal-badge.png');

    const dark = await open(harness.url('card', { leadId, theme: 'dark' }));
    await dark.page.locator('[data-badge="synced"]').waitFor();
    expect(await contrastOf(dark.page, '.heap-sync-widget__pill')).toBeGreaterThan(4.5);
    await expectCleanSession(dark);
    await screenshot(dark, 'deal-badge-dark.png');
  }, 60_000);

  it('stays out of a new, unsaved deal card', async () => {
    const widget = await open(harness.url('card', { leadId: 0 }));

    expect(await widget.state()).toMatchObject({ callbacks: ['render'], mountedSlots: [] });
    expect(await widget.page.locator('.heap-sync-widget').count()).toBe(0);
    expect(widget.backendCalls).toEqual([]);
  });

  it('shows its intro in the settings modal, saves, and unmounts everything on destroy', async () => {
    const widget = await open(harness.url('modal'));
    const { page } = widget;

    await page.locator('.widget-settings__desc-space .heap-sync-widget__intro').waitFor();
    expect(await widget.state()).toMatchObject({
      callbacks: ['render', 'init', 'bind_actions', 'settings'],
      mountedSlots: ['settings'],
    });

    const onSave = await page.evaluate(() =>
      (
        globalThis as unknown as { HARNESS: { widget: { callbacks: { onSave(): unknown } } } }
      ).HARNESS.widget.callbacks.onSave(),
    );
    await page.evaluate(() =>
      (
        globalThis as unknown as { HARNESS: { widget: { callbacks: { destroy(): void } } } }
      ).HARNESS.widget.callbacks.destroy(),
    );

    expect(onSave).toBe(true);
    expect(await widget.state()).toMatchObject({ mountedSlots: [] });
    expect(await page.locator('.heap-sync-widget').count()).toBe(0);
    expect(await page.locator('#heap-sync-widget-styles').count()).toBe(0);
    await expectCleanSession(widget);
  });
});
