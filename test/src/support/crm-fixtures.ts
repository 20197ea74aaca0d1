import { KommoEmulator } from '../emulators/kommo';
import { Stack } from './stack';

/** What installing needs: the Kommo emulator, the backend's URL and a token signer. */
export type InstallTarget = Pick<Stack, 'kommo' | 'token'> & { app: { url: string } };

export interface CrmFixture {
  accountId: number;
  planFieldId: number;
  sourceFieldId: number;
  openStatusId: number;
  pipelineId: number;
  /** Unix seconds that only move forward, so every edit gets its own modification time. */
  tick(): number;
  /** A deal in an open stage with a main contact; no webhook is sent for it. */
  addDeal(input: { email?: string | null; plan?: string; source?: string; price?: number }): {
    leadId: number;
    contactId: number | null;
  };
}

/** An account with plan (select) and source (text) fields, installed and configured. */
export async function installConfiguredAccount(
  s: InstallTarget,
  accountId: number,
  subdomain: string,
  heapAppId = '1234567',
  timezone = 'America/New_York',
): Promise<CrmFixture> {
  const { kommo } = s;
  kommo.addAccount({ id: accountId, subdomain, timezone });
  const plan = kommo.addLeadCustomField(accountId, {
    name: 'Plan',
    type: 'select',
    enums: [{ value: 'Starter' }, { value: 'Growth' }, { value: 'Scale' }],
  });
  const source = kommo.addLeadCustomField(accountId, { name: 'Source', type: 'text' });
  const pipeline = kommo.store.account(accountId).pipelines[0];
  const open = pipeline.statuses.find((status) => status.id !== 142 && status.id !== 143)!;

  const answer = await kommo.sendInstallRedirect(accountId);
  if (answer.status !== 200) throw new Error(`install answered ${answer.status}`);
  const saved = await fetch(`${s.app.url}/api/widget/settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': await s.token(accountId) },
    body: JSON.stringify({ heapAppId, planFieldId: plan.id, sourceFieldId: source.id }),
  });
  if (!saved.ok) throw new Error(`settings answered ${saved.status}: ${await saved.text()}`);

  let clock = Math.floor(Date.now() / 1000);

  return {
    accountId,
    planFieldId: plan.id,
    sourceFieldId: source.id,
    openStatusId: open.id,
    pipelineId: pipeline.id,
    tick: () => ++clock,
    addDeal: (input) => addDeal(kommo, accountId, { plan, source, open }, input),
  };
}

function addDeal(
  kommo: KommoEmulator,
  accountId: number,
  ids: { plan: { id: number }; source: { id: number }; open: { id: number } },
  input: { email?: string | null; plan?: string; source?: string; price?: number },
) {
  const lead = kommo.addLead(accountId, {
    price: input.price ?? 500,
    status_id: ids.open.id,
    custom_fields_values: [
      { field_id: ids.plan.id, values: [{ value: input.plan ?? 'Growth' }] },
      { field_id: ids.source.id, values: [{ value: input.source ?? 'Google Ads' }] },
    ],
  });
  if (input.email === null) return { leadId: lead.id, contactId: null };

  const contact = kommo.addContact(accountId, {
    name: 'Ada Lovelace',
    custom_fields_values: [
      {
        field_code: 'EMAIL',
        values: [{ value: input.email ?? `ada${lead.id}@Example.com`, enum_code: 'WORK' }],
      },
    ],
  });
  kommo.linkContact(accountId, lead.id, contact.id, true);

  return { leadId: lead.id, contactId: contact.id };
}
