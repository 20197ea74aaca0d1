import { encodeLeadWebhook, KommoLead, LeadWebhookEvent } from '../../../test/src/emulators';
import { installConfiguredAccount } from '../../../test/src/support/crm-fixtures';
import { sleep } from '../support/time';
import { BenchStack } from './bench-stack';

const WON = 142;
/** Stands for the lead id in a body template; the load driver puts each request's id there. */
export const LEAD_ID_SENTINEL = 987_654_321;

export interface BenchAccount {
  accountId: number;
  webhookUrl: string;
  /** Won deals with a main contact (an email each) in Kommo; no webhook is sent. */
  addWonDeals(count: number): KommoLead[];
  /** What Kommo posts when these deals move to Won: status and update events for each. */
  webhookBody(leads: KommoLead[]): string;
}

/** Installs an account through the real OAuth callback and saves the mapping as an admin. */
export async function installBenchAccount(
  stack: BenchStack,
  accountId: number,
): Promise<BenchAccount> {
  const { kommo } = stack;
  const subdomain = `bench${accountId}`;
  const target = { kommo, token: stack.token, app: { url: stack.publicUrl } };
  const fixture = await installConfiguredAccount(
    target,
    accountId,
    subdomain,
    '7700770077',
    'Europe/Lisbon',
  );
  const hook = kommo.webhooks
    .get(accountId)
    ?.find((candidate) => candidate.destination.startsWith(stack.publicUrl));
  if (!hook) throw new Error('the install subscribed no webhook');

  const closedAt = Math.floor(Date.now() / 1000);
  const events = (lead: KommoLead): LeadWebhookEvent[] => [
    { action: 'status', lead, oldStatusId: fixture.openStatusId },
    { action: 'update', lead, oldStatusId: fixture.openStatusId },
  ];

  return {
    accountId,
    webhookUrl: hook.destination,
    addWonDeals(count) {
      return Array.from({ length: count }, () => {
        const lead = kommo.addLead(accountId, {
          name: 'Annual plan',
          price: 490,
          status_id: WON,
          pipeline_id: fixture.pipelineId,
          updated_at: closedAt,
          closed_at: closedAt,
          custom_fields_values: [
            { field_id: fixture.planFieldId, values: [{ value: 'Growth' }] },
            { field_id: fixture.sourceFieldId, values: [{ value: 'Webinar' }] },
          ],
        });
        const contact = kommo.addContact(accountId, {
          name: 'Customer',
          custom_fields_values: [
            {
              field_code: 'EMAIL',
              values: [{ value: `customer-${lead.id}@example.com`, enum_code: 'WORK' }],
            },
          ],
        });
        kommo.linkContact(accountId, lead.id, contact.id, true);

        return lead;
      });
    },
    webhookBody: (leads) =>
      encodeLeadWebhook({
        accountId,
        subdomain,
        origin: kommo.url,
        events: leads.flatMap(events),
        timezone: 'Europe/Lisbon',
      }),
  };
}

/** A one-lead body whose lead id is LEAD_ID_SENTINEL, for the load driver to fill in. */
export function webhookTemplate(account: BenchAccount, lead: KommoLead): string {
  const body = account.webhookBody([{ ...lead, id: LEAD_ID_SENTINEL }]);
  const occurrences = body.split(String(LEAD_ID_SENTINEL)).length - 1;
  if (occurrences !== 2) throw new Error(`the template names its lead ${occurrences} times`);

  return body;
}

/**
 * Saving the mapping starts the first backfill; a scenario that adds deals afterwards waits for
 * it, so the deals it measures are not swept up by it. Without a backfill feature there is none.
 */
export async function waitForFirstBackfill(
  stack: BenchStack,
  accountId: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${stack.publicUrl}/api/widget/backfill`, {
      headers: { 'X-Auth-Token': await stack.token(accountId) },
    });
    if (response.status === 404) return;
    const body = (await response.json()) as { run: { status: string } | null };
    if (!body.run || ['done', 'failed'].includes(body.run.status)) return;
    await sleep(200);
  }
  throw new Error('the first backfill did not finish');
}
