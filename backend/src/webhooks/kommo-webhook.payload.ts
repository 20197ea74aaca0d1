import { parse } from 'qs';

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
const LEAD_ACTIONS = ['status', 'update', 'add', 'restore'];
/** Kommo batches many entities per body; 20 000 pairs is a mass update of a few thousand deals. */
const MAX_PAIRS = 200_000;

/**
 * Kommo's webhook body is form-encoded with PHP-style nested keys in the legacy v2 shape. qs
 * builds arrays up to `arrayLimit` and objects beyond, and repeated or scalar-or-nested keys turn
 * into arrays, so every level is read as "a list or an object of items".
 */
export function parseKommoWebhook(body: string): ParsedWebhook {
  let tree: Record<string, unknown>;
  try {
    tree = parse(body, {
      depth: 12,
      // Large arrays make qs quadratic (2 s for 5 000 leads); above 20 it builds objects instead.
      arrayLimit: 20,
      parameterLimit: MAX_PAIRS,
      allowPrototypes: false,
      allowDots: false,
    }) as Record<string, unknown>;
  } catch (error) {
    return empty(`Unparseable body: ${(error as Error).message}`);
  }

  const account = record(tree.account);
  const leads = record(tree.leads);
  if (!account && !leads) return empty('Not a Kommo webhook: no account or leads in the body');

  const events = new Map<string, LeadEvent>();
  for (const action of LEAD_ACTIONS) {
    for (const item of items(leads?.[action])) {
      const event = leadEvent(item);
      if (event) events.set(`${event.leadId}:${event.modifiedAt}`, event);
    }
  }

  return {
    accountId: integer(first(account?.id)),
    subdomain:
      typeof first(account?.subdomain) === 'string' ? String(first(account?.subdomain)) : null,
    leads: [...events.values()],
    error: null,
  };
}

function leadEvent(item: unknown): LeadEvent | null {
  const lead = record(item);
  const leadId = integer(first(lead?.id));
  if (!lead || leadId === null) return null;
  // `updated_at` is in modern payloads; older ones only carry `last_modified`.
  const modifiedAt = integer(first(lead.updated_at)) ?? integer(first(lead.last_modified)) ?? 0;

  return { leadId, modifiedAt };
}

function empty(error: string): ParsedWebhook {
  return { accountId: null, subdomain: null, leads: [], error };
}

function record(value: unknown): Record<string, unknown> | null {
  const single = first(value);

  return single && typeof single === 'object' && !Array.isArray(single)
    ? (single as Record<string, unknown>)
    : null;
}

/** A list, an object keyed by index (sparse or above arrayLimit), or a single item. */
function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);

  return value === undefined ? [] : [value];
}

/** A key sent twice, or as scalar and nested, arrives as an array: take its scalar part. */
function first(value: unknown): unknown {
  if (!Array.isArray(value)) return value;

  return value.find((part) => typeof part !== 'object') ?? value[0];
}

function integer(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const number = Number(value);

  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
