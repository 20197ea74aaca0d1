import { IdentitySettings, StatusRef, statusMatches } from '@heap-sync/shared';
import type { SegmentTaskTarget } from '@heap-sync/shared';
import type { KommoFieldValue } from '../sync/mapping/kommo-v4.types';

/** The parts of a Kommo contact (read `with=leads`) that the segment tasks need. */
export interface KommoSegmentContact {
  id: number;
  responsible_user_id: number;
  custom_fields_values: KommoFieldValue[] | null;
  _embedded?: { leads?: Array<{ id: number }> };
}

export interface KommoSegmentLead {
  id: number;
  status_id: number;
  pipeline_id: number;
  responsible_user_id: number;
  updated_at: number;
  closed_at: number | null;
}

export interface TaskTarget {
  contactId: number;
  leadId: number | null;
  entityType: 'leads' | 'contacts';
  entityId: number;
  responsibleUserId: number;
}

export interface DealStatuses {
  won: StatusRef[];
  lost: StatusRef[];
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The key a Heap identity is looked up by, following the identity the sync sends to Heap, or
 * why it cannot match any contact (then no call to Kommo is made for it).
 */
export function lookupKey(
  identity: string,
  settings: IdentitySettings,
): { key: string } | { reason: string } {
  const key = identity.trim().toLowerCase();
  if (settings.source === 'email' && !EMAIL.test(key)) {
    return { reason: 'Not an email address, so it cannot match a contact email' };
  }
  if (settings.source === 'contact_id' && !/^\d{1,15}$/.test(key)) {
    return { reason: 'Not a Kommo contact id' };
  }

  return { key };
}

/** Every key a contact answers to: all its emails, the identity field's values, or its id. */
export function contactKeys(contact: KommoSegmentContact, settings: IdentitySettings): string[] {
  if (settings.source === 'contact_id') return [String(contact.id)];
  const field = (contact.custom_fields_values ?? []).find((item) =>
    settings.source === 'email'
      ? item.field_code === 'EMAIL'
      : item.field_id === settings.contactFieldId,
  );

  return (field?.values ?? [])
    .map((item) =>
      String(item.value ?? '')
        .trim()
        .toLowerCase(),
    )
    .filter(Boolean);
}

/** Open deals first (latest activity), then the latest won one; lost and deleted never count. */
export function pickDeal(
  leads: KommoSegmentLead[],
  statuses: DealStatuses,
): { lead: KommoSegmentLead; open: boolean } | null {
  const won = (lead: KommoSegmentLead) =>
    statusMatches(statuses.won, lead.pipeline_id, lead.status_id);
  const lost = (lead: KommoSegmentLead) =>
    statusMatches(statuses.lost, lead.pipeline_id, lead.status_id);
  const latest = (items: KommoSegmentLead[], at: (lead: KommoSegmentLead) => number) =>
    [...items].sort((a, b) => at(b) - at(a) || b.id - a.id)[0];

  const open = leads.filter((lead) => !won(lead) && !lost(lead));
  if (open.length > 0) return { lead: latest(open, (lead) => lead.updated_at), open: true };
  const closed = leads.filter(won);
  if (closed.length > 0) {
    return { lead: latest(closed, (lead) => lead.closed_at || lead.updated_at), open: false };
  }

  return null;
}

/**
 * Among the contacts an identity matched (duplicates happen), the one with the most relevant
 * deal. The task is for that deal's responsible user, else the contact's; it goes on the deal
 * when the rule says so and there is one, otherwise on the contact.
 */
export function pickTarget(
  contacts: KommoSegmentContact[],
  leadsById: Map<number, KommoSegmentLead>,
  statuses: DealStatuses,
  target: SegmentTaskTarget,
): TaskTarget {
  const ranked = contacts.map((contact) => {
    const leads = (contact._embedded?.leads ?? [])
      .map((link) => leadsById.get(link.id))
      .filter((lead): lead is KommoSegmentLead => lead !== undefined);
    const deal = pickDeal(leads, statuses);
    const rank = !deal ? 0 : deal.open ? 2 : 1;
    const at = deal ? (deal.open ? deal.lead.updated_at : deal.lead.closed_at || 0) : 0;

    return { contact, deal: deal?.lead ?? null, rank, at };
  });
  ranked.sort((a, b) => b.rank - a.rank || b.at - a.at || a.contact.id - b.contact.id);
  const { contact, deal } = ranked[0];
  const onDeal = target === 'deal' && deal !== null;

  return {
    contactId: contact.id,
    leadId: deal?.id ?? null,
    entityType: onDeal ? 'leads' : 'contacts',
    entityId: onDeal ? deal.id : contact.id,
    responsibleUserId: deal?.responsible_user_id ?? contact.responsible_user_id,
  };
}

/** `{identity}` and `{segment}` in a rule's text, filled in; Kommo takes plain text. */
export function taskText(template: string, identity: string, segmentName: string): string {
  return template.replaceAll('{identity}', identity).replaceAll('{segment}', segmentName);
}
