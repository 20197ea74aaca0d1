import { unescape } from 'node:querystring';

/** One lead the webhook says changed; the job re-reads it, so only id and time matter here. */
export interface LeadEvent {
  leadId: number;
  /** Kommo's modification time (unix seconds): with the lead id, it names one change. */
  modifiedAt: number;
}

export interface ParsedWebhook {
  accountId: number | null;
  subdomain: string | null;
  leads: LeadEvent[];
  /** Set when the body is not a Kommo webhook at all; it is then stored and acknowledged. */
  error: string | null;
}

/** The lead actions that can change what Heap should know; notes and deletes cannot. */
const LEAD_KEY =
  /^leads\[(status|update|add|restore)\]\[([^\]]*)\]\[(id|updated_at|last_modified)\]$/;
const ACCOUNT_KEY = /^account\[(id|subdomain)\]$/;
const READ_FIELDS = new Set(['id', 'updated_at', 'last_modified', 'subdomain']);
const [OPEN, CLOSE, PERCENT, PLUS] = ['[', ']', '%', '+'].map((char) => char.charCodeAt(0));

type LeadFields = Partial<Record<'id' | 'updated_at' | 'last_modified', string>>;

/**
 * Kommo's webhook body is form-encoded with PHP-style nested keys in the legacy v2 shape. The job
 * re-reads every lead through the API, so only three keys per lead and the account trailer are
 * read here, pair by pair: a mass update of 5 000 deals is 100 000 pairs and 6 MB, which a full
 * nested parse (qs) takes seconds over, against Kommo's 2-second deadline. Reading exact keys
 * also makes the irregular parts harmless: sparse or huge indices, radiobutton objects, a key
 * sent both as a scalar and nested (the nested form does not match), unknown entities.
 */
export function parseKommoWebhook(body: string): ParsedWebhook {
  const leads = new Map<string, LeadFields>();
  const account: Partial<Record<'id' | 'subdomain', string>> = {};
  let kommoShaped = false;

  for (const pair of body.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const keyEnd = equals === -1 ? pair.length : equals;
    // Once the body is known to be Kommo's, only keys that can name a read field are decoded.
    if (kommoShaped && !mayBeRead(pair, keyEnd)) continue;
    const key = decodeFormPart(pair.slice(0, keyEnd));
    const value = () => (equals === -1 ? '' : decodeFormPart(pair.slice(equals + 1)));
    const lead = LEAD_KEY.exec(key);
    if (lead) {
      const [, action, index, field] = lead;
      const entry = leads.get(`${action}:${index}`) ?? {};
      entry[field as keyof LeadFields] ??= value();
      leads.set(`${action}:${index}`, entry);
      kommoShaped = true;
      continue;
    }
    const trailer = ACCOUNT_KEY.exec(key);
    if (trailer) account[trailer[1] as 'id' | 'subdomain'] ??= value();
    kommoShaped ||= key.startsWith('leads[') || key.startsWith('account[');
  }
  if (!kommoShaped) return empty('Not a Kommo webhook: no account or leads in the body');

  const events = new Map<string, LeadEvent>();
  for (const fields of leads.values()) {
    const leadId = integer(fields.id);
    if (leadId === null) continue;
    // `updated_at` is in modern payloads; older ones only carry `last_modified`.
    const modifiedAt = integer(fields.updated_at) ?? integer(fields.last_modified) ?? 0;
    events.set(`${leadId}:${modifiedAt}`, { leadId, modifiedAt });
  }

  return {
    accountId: integer(account.id),
    subdomain: account.subdomain ?? null,
    leads: [...events.values()],
    error: null,
  };
}

/**
 * Whether the key ending at `keyEnd` may decode to one whose last segment is a field that is
 * read: `…[id]`, with brackets literal or escaped (%5B, %5D). Checked on character codes, since
 * a mass update has 200 000 keys; a name holding any escape is decoded to be sure.
 */
function mayBeRead(pair: string, keyEnd: number): boolean {
  let nameEnd = keyEnd - 1;
  if (pair.charCodeAt(nameEnd) !== CLOSE) {
    if (!isEscape(pair, keyEnd - 3, 'd')) return false;
    nameEnd = keyEnd - 3;
  }
  let start = nameEnd;
  while (start > 0 && pair.charCodeAt(start - 1) !== OPEN && !isEscape(pair, start - 3, 'b')) {
    start -= 1;
    const code = pair.charCodeAt(start);
    if (code === PERCENT || code === PLUS) return true;
  }

  return start > 0 && READ_FIELDS.has(pair.slice(start, nameEnd));
}

/** `%5B` or `%5D` (either case) at `at`: `letter` is 'b' or 'd'. */
function isEscape(text: string, at: number, letter: 'b' | 'd'): boolean {
  return (
    at >= 0 &&
    text.charCodeAt(at) === PERCENT &&
    text.charCodeAt(at + 1) === 53 &&
    (text.charCodeAt(at + 2) | 32) === letter.charCodeAt(0)
  );
}

/** Form decoding as URLSearchParams does it: '+' is a space, a malformed escape stays as it is. */
function decodeFormPart(raw: string): string {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;

  return spaced.includes('%') ? unescape(spaced) : spaced;
}

function empty(error: string): ParsedWebhook {
  return { accountId: null, subdomain: null, leads: [], error };
}

function integer(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const number = Number(value);

  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
