import type { IdentitySettings, InstallationSettings } from '@heap-sync/shared';
import { identityProblem, isPlaceholderIdentity } from '../../heap/heap-rules';
import { fieldValue, KommoScalar } from './field-value';
import type { KommoContact, KommoCustomField, KommoLead } from './kommo-v4.types';

export { fieldValue } from './field-value';
export type { KommoScalar } from './field-value';
export type * from './kommo-v4.types';

/** What the sync needs to know about one deal, read from a Kommo API v4 lead. */
export interface DealSnapshot {
  leadId: number;
  pipelineId: number;
  statusId: number;
  price: number | null;
  plan: string | null;
  source: string | null;
  /** Unix seconds, as Kommo gives them. */
  closedAt: number | null;
  updatedAt: number;
}

export type IdentityResult = { identity: string } | { skip: string };

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The main contact, else the first one; a lead may have none (kommo-platform.md pitfall 9). */
export function mainContactId(lead: KommoLead): number | null {
  const contacts = lead._embedded?.contacts ?? [];

  return (contacts.find((contact) => contact.is_main) ?? contacts[0])?.id ?? null;
}

/**
 * The Heap identity of a contact. Missing data is a normal outcome reported as `skip`: sending a
 * made-up or placeholder identity would merge unrelated people in Heap (heap-api.md B3, B7).
 */
export function resolveIdentity(
  contact: KommoContact | null | undefined,
  settings: IdentitySettings,
  contactFieldDefs: KommoCustomField[] = [],
): IdentityResult {
  if (!contact) return { skip: 'The deal has no contact' };

  let identity: string | null;
  if (settings.source === 'email') {
    identity = contactEmail(contact);
    if (identity === null) return { skip: 'The main contact has no email' };
    if (settings.lowercaseEmail) identity = identity.toLowerCase();
  } else if (settings.source === 'contact_id') {
    identity = String(contact.id);
  } else {
    const value = fieldValue(
      contact.custom_fields_values,
      settings.contactFieldId,
      contactFieldDefs,
    );
    identity = value === null ? null : String(value);
    if (identity === null || isPlaceholderIdentity(identity)) {
      return { skip: 'The main contact has no value in the identity field' };
    }
  }

  const problem = identityProblem(identity);

  return problem ? { skip: problem } : { identity };
}

/** First usable address of the EMAIL field, a work address first (enum_code WORK). */
function contactEmail(contact: KommoContact): string | null {
  const field = (contact.custom_fields_values ?? []).find((item) => item.field_code === 'EMAIL');
  const usable = (field?.values ?? [])
    .map((item) => ({ code: item.enum_code, email: String(item.value ?? '').trim() }))
    .filter(({ email }) => EMAIL.test(email) && !isPlaceholderIdentity(email));
  const chosen = usable.find((item) => item.code === 'WORK') ?? usable[0];

  return chosen?.email ?? null;
}

export function dealSnapshot(
  lead: KommoLead,
  settings: InstallationSettings,
  leadFieldDefs: KommoCustomField[] = [],
): DealSnapshot {
  const values = lead.custom_fields_values;

  return {
    leadId: lead.id,
    pipelineId: lead.pipeline_id,
    statusId: lead.status_id,
    price: typeof lead.price === 'number' && Number.isFinite(lead.price) ? lead.price : null,
    plan: asText(fieldValue(values, settings.planFieldId, leadFieldDefs)),
    source: asText(fieldValue(values, settings.sourceFieldId, leadFieldDefs)),
    // Kommo reports an open deal as null; 0 would mean 1970 and is treated the same way.
    closedAt: lead.closed_at || null,
    updatedAt: lead.updated_at,
  };
}

function asText(value: KommoScalar | null): string | null {
  return value === null ? null : String(value);
}

/** 'YYYY-MM-DD' as the account sees the day; an unknown zone falls back to UTC. */
export function localDate(unixSeconds: number, timeZone: string): string {
  const date = new Date(unixSeconds * 1000);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = dayFormat(timeZone || 'UTC').formatToParts(date);
  } catch {
    parts = dayFormat('UTC').formatToParts(date);
  }
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';

  return `${part('year')}-${part('month')}-${part('day')}`;
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}
