/**
 * `pnpm demo`: the main job end to end on one machine. The built backend runs on an embedded
 * Postgres between the Kommo and Heap emulators; an account installs through the real OAuth
 * callback, an admin saves settings through the widget API with a signed token, and Kommo-shaped
 * webhooks report a won deal, a plan change and a lost deal. Exits 0 only if Heap received
 * exactly what it should and every deal shows `synced`.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startHeapEmulator } from '../emulators/heap';
import { startKommoEmulator } from '../emulators/kommo';
import { spawnBackend, waitForOk } from '../support/backend-process';
import { freePort } from '../support/free-port';
import { signWidgetToken } from '../support/widget-token';
import { checkOutcome, printOutcome } from './demo-report';

const ACCOUNT = 31_000_001;
const CLIENT_ID = 'b6b0cf39-4d86-4e2e-9d5f-3d1f8a4c7e21';
const CLIENT_SECRET = randomBytes(24).toString('hex');
const APP_ID = '4242424242';
const DATA_DIR = path.resolve(__dirname, '../../../.data/demo-postgres');

async function main(): Promise<number> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const kommo = await startKommoEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${publicUrl}/api/kommo/oauth/callback`,
  });
  const heap = await startHeapEmulator();
  // A clean database each run, so the same emulator deal ids start with no history.
  await rm(DATA_DIR, { recursive: true, force: true });
  const backend = spawnBackend({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    EMBEDDED_PG_DIR: DATA_DIR,
    EMBEDDED_PG_PORT: String(await freePort()),
    KOMMO_CLIENT_ID: CLIENT_ID,
    KOMMO_CLIENT_SECRET: CLIENT_SECRET,
    KOMMO_API_BASE_URL: kommo.url,
    HEAP_API_BASE_URL: heap.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });

  try {
    step(`backend starting on ${publicUrl} with an embedded Postgres`);
    await waitForOk(`${publicUrl}/health/ready`, 90_000);

    step('Kommo installs the integration (install call to the OAuth redirect URI)');
    kommo.addAccount({ id: ACCOUNT, subdomain: 'demo', timezone: 'Europe/Lisbon' });
    const install = await kommo.sendInstallRedirect(ACCOUNT);
    if (install.status !== 200) throw new Error(`install answered ${install.status}`);

    const planField = kommo.addLeadCustomField(ACCOUNT, {
      name: 'Plan',
      type: 'select',
      enums: [{ value: 'Starter' }, { value: 'Growth' }, { value: 'Scale' }],
    });
    const sourceField = kommo.addLeadCustomField(ACCOUNT, { name: 'Source', type: 'text' });

    step('an admin saves the mapping through the widget API (signed X-Auth-Token)');
    const token = () =>
      signWidgetToken({
        accountId: ACCOUNT,
        isAdmin: true,
        audience: publicUrl,
        secret: CLIENT_SECRET,
      });
    const saved = await fetch(`${publicUrl}/api/widget/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Token': await token() },
      body: JSON.stringify({
        heapAppId: APP_ID,
        planFieldId: planField.id,
        sourceFieldId: sourceField.id,
      }),
    });
    if (!saved.ok) throw new Error(`saving settings answered ${saved.status}`);

    const { won, lost } = await playDeals(kommo, planField.id, sourceField.id);

    step('waiting for three Heap events and a note on the deal for each');
    const deadline = Date.now() + 30_000;
    while ((heap.events.length < 3 || kommo.notes.length < 3) && Date.now() < deadline) {
      await sleep(200);
    }
    // A moment more, so a duplicate would show up before the outcome is judged.
    await sleep(1000);

    const badge = async (leadId: number) => {
      const response = await fetch(`${publicUrl}/api/widget/deals/${leadId}/sync`, {
        headers: { 'X-Auth-Token': await token() },
      });

      return response.json();
    };
    const outcome = {
      appId: APP_ID,
      won,
      lost,
      events: heap.events,
      userProperties: heap.userProperties.get(APP_ID) ?? new Map(),
      heapRequests: heap.requests.length,
      notes: kommo.notes,
      badges: [await badge(won), await badge(lost)],
    };
    printOutcome(outcome);
    const problems = checkOutcome(outcome);
    for (const problem of problems) console.error(`✗ ${problem}`);
    if (problems.length) console.error(`\nBackend log:\n${backend.output().slice(-4000)}`);
    console.log(
      problems.length ? '\nDemo FAILED' : '\nDemo passed: Heap received exactly what it should.',
    );

    return problems.length ? 1 : 0;
  } finally {
    backend.child.kill('SIGTERM');
    await backend.exited;
    await kommo.close();
    await heap.close();
  }
}

async function playDeals(
  kommo: Awaited<ReturnType<typeof startKommoEmulator>>,
  planFieldId: number,
  sourceFieldId: number,
) {
  const deal = (email: string, plan: string, price: number) => {
    const lead = kommo.addLead(ACCOUNT, {
      name: `Deal for ${email}`,
      price,
      custom_fields_values: [
        { field_id: planFieldId, values: [{ value: plan }] },
        { field_id: sourceFieldId, values: [{ value: 'Webinar' }] },
      ],
    });
    const contact = kommo.addContact(ACCOUNT, {
      name: email.split('@')[0],
      custom_fields_values: [
        { field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] },
      ],
    });
    kommo.linkContact(ACCOUNT, lead.id, contact.id, true);

    return lead.id;
  };
  let clock = Math.floor(Date.now() / 1000);
  const won = deal('maria@example.com', 'Growth', 490);
  const lost = deal('joao@example.com', 'Starter', 90);

  step(`deal ${won} moves to Won (webhooks status_lead + update_lead)`);
  await kommo.updateLead(ACCOUNT, won, { status_id: 142, updated_at: ++clock });
  await sleep(1500);
  step(`deal ${won} changes plan Growth → Scale (webhook update_lead)`);
  await kommo.updateLead(ACCOUNT, won, {
    updated_at: ++clock,
    custom_fields_values: [{ field_id: planFieldId, values: [{ value: 'Scale' }] }],
  });
  step(`deal ${lost} moves to Lost`);
  await kommo.updateLead(ACCOUNT, lost, { status_id: 143, updated_at: ++clock });

  return { won, lost };
}

function step(text: string): void {
  console.log(`→ ${text}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`Demo FAILED: ${error.message}`);
    process.exit(1);
  },
);
