import { KommoContact, KommoCustomField, KommoLead, KommoPipeline } from '../kommo-types';
import { ApiContext, selfLink } from './route';

export function renderLead(ctx: ApiContext, lead: KommoLead, withContacts: boolean) {
  const { _embedded: embedded, ...fields } = lead;
  const contacts = ctx.account.links
    .filter((link) => link.leadId === lead.id)
    .map((link) => ({
      id: link.contactId,
      is_main: link.isMain,
      _links: selfLink(`${ctx.origin}/api/v4/contacts/${link.contactId}`),
    }));

  return {
    ...fields,
    _links: selfLink(`${ctx.origin}/api/v4/leads/${lead.id}`),
    _embedded: {
      tags: embedded.tags,
      companies: embedded.companies,
      ...(withContacts ? { contacts } : {}),
    },
  };
}

export function renderContact(ctx: ApiContext, contact: KommoContact, withLeads: boolean) {
  const { _embedded: embedded, ...fields } = contact;
  const leads = ctx.account.links
    .filter((link) => link.contactId === contact.id)
    .map((link) => ({
      id: link.leadId,
      _links: selfLink(`${ctx.origin}/api/v4/leads/${link.leadId}`),
    }));

  return {
    ...fields,
    _links: selfLink(`${ctx.origin}/api/v4/contacts/${contact.id}`),
    _embedded: {
      tags: embedded.tags,
      companies: embedded.companies,
      ...(withLeads ? { leads } : {}),
    },
  };
}

export function renderField(ctx: ApiContext, field: KommoCustomField) {
  const href = `${ctx.origin}/api/v4/${field.entity_type}/custom_fields/${field.id}`;

  return { ...field, _links: selfLink(href) };
}

export function renderPipeline(ctx: ApiContext, pipeline: KommoPipeline) {
  const { statuses, ...fields } = pipeline;
  const base = `${ctx.origin}/api/v4/leads/pipelines/${pipeline.id}`;
  const rendered = [...statuses]
    .sort((a, b) => a.sort - b.sort)
    .map((status) => ({ ...status, _links: selfLink(`${base}/statuses/${status.id}`) }));

  return { ...fields, _links: selfLink(base), _embedded: { statuses: rendered } };
}
