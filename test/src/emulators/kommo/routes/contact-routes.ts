import { fieldValueTexts } from '../custom-field-values';
import { KommoContact } from '../kommo-types';
import { hal, noContent } from '../replies';
import { pagedList } from './paging';
import { renderContact } from './render';
import { ApiContext, numberList, Route, stringParam, withList } from './route';

const digits = (text: string) => text.replace(/\D/g, '');

/** `query=` matches names and field values; a phone also matches ignoring its formatting. */
function matchesSearch(contact: KommoContact, search: string): boolean {
  const texts = [
    contact.name,
    contact.first_name,
    contact.last_name,
    ...fieldValueTexts(contact.custom_fields_values),
  ];
  const needle = search.toLowerCase();
  const needleDigits = digits(search);

  return texts.some(
    (text) =>
      text.toLowerCase().includes(needle) ||
      (needleDigits.length >= 5 && digits(text).includes(needleDigits)),
  );
}

function listContacts(ctx: ApiContext) {
  const filter = typeof ctx.query.filter === 'object' ? ctx.query.filter : {};
  const ids = numberList((filter as Record<string, unknown>).id);
  const search = stringParam(ctx.query.query);
  const contacts = [...ctx.account.contacts.values()]
    .filter((contact) => !contact.is_deleted)
    .filter((contact) => !ids || ids.includes(contact.id))
    .filter((contact) => !search || matchesSearch(contact, search))
    .sort((a, b) => a.id - b.id);
  const withLeads = withList(ctx.query).includes('leads');

  return pagedList(ctx, contacts, 'contacts', (contact) => renderContact(ctx, contact, withLeads));
}

function getContact(ctx: ApiContext) {
  const contact = ctx.account.contacts.get(Number(ctx.params[0]));
  if (!contact || contact.is_deleted) return noContent();

  return hal(renderContact(ctx, contact, withList(ctx.query).includes('leads')));
}

export const contactRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/contacts$/, handle: listContacts },
  { method: 'GET', pattern: /^\/api\/v4\/contacts\/(\d+)$/, handle: getContact },
];
