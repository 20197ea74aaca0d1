import { CustomFieldValue, KommoLead } from './kommo-types';

export type LeadWebhookAction = 'status' | 'update' | 'add' | 'delete';

export interface LeadWebhookEvent {
  action: LeadWebhookAction;
  lead: KommoLead;
  /** Emitted as old_status_id on status and update events when given. */
  oldStatusId?: number;
  /** Emitted as old_pipeline_id when given and different from the lead's pipeline. */
  oldPipelineId?: number;
}

export interface EncodeLeadWebhookInput {
  accountId: number;
  subdomain: string;
  /** Account base URL, sent as account[_links][self]. */
  origin: string;
  events: LeadWebhookEvent[];
  /** Account time zone; birthday values are local dd.mm.yyyy strings. */
  timezone?: string;
  /** Field ids in account order: custom_fields keep those positions, so indices skip (§5.4). */
  fieldOrder?: number[];
}

type Pair = [string, string];

/**
 * Builds a CRM webhook body in Kommo's legacy API v2 form shape (§5.3, §5.4), encoded the way
 * PHP's http_build_query does: brackets percent-encoded, spaces as '+'.
 */
export function encodeLeadWebhook(input: EncodeLeadWebhookInput): string {
  const pairs: Pair[] = [];
  const counters = new Map<LeadWebhookAction, number>();
  for (const event of input.events) {
    const index = counters.get(event.action) ?? 0;
    counters.set(event.action, index + 1);
    pairs.push(...leadPairs(`leads[${event.action}][${index}]`, event, input));
  }
  pairs.push(['account[subdomain]', input.subdomain]);
  pairs.push(['account[id]', String(input.accountId)]);
  pairs.push(['account[_links][self]', input.origin]);

  return pairs.map(([key, value]) => `${phpUrlencode(key)}=${phpUrlencode(value)}`).join('&');
}

function leadPairs(prefix: string, event: LeadWebhookEvent, input: EncodeLeadWebhookInput): Pair[] {
  const { lead, action } = event;
  const out: Pair[] = [];
  const put = (key: string, value: unknown) => out.push([`${prefix}${key}`, scalar(value)]);

  put('[id]', lead.id);
  if (action === 'delete') {
    // Deletion events carry only these three fields (KD webhooks-general).
    put('[status_id]', lead.status_id);
    put('[pipeline_id]', lead.pipeline_id);

    return out;
  }
  put('[name]', lead.name);
  put('[status_id]', lead.status_id);
  if (event.oldStatusId !== undefined && (action === 'status' || action === 'update')) {
    put('[old_status_id]', event.oldStatusId);
  }
  put('[price]', lead.price ?? 0);
  put('[responsible_user_id]', lead.responsible_user_id);
  put('[last_modified]', lead.updated_at);
  put('[modified_user_id]', lead.updated_by);
  put('[created_user_id]', lead.created_by);
  put('[date_create]', lead.created_at);
  put('[pipeline_id]', lead.pipeline_id);
  if (event.oldPipelineId !== undefined && event.oldPipelineId !== lead.pipeline_id) {
    put('[old_pipeline_id]', event.oldPipelineId);
  }
  lead._embedded.tags.forEach((tag, i) => {
    put(`[tags][${i}][id]`, tag.id);
    put(`[tags][${i}][name]`, tag.name);
  });
  put('[account_id]', lead.account_id);
  (lead.custom_fields_values ?? []).forEach((field, position) => {
    const index = fieldIndex(field.field_id, position, input.fieldOrder);
    out.push(...fieldPairs(`${prefix}[custom_fields][${index}]`, field, input.timezone ?? 'UTC'));
  });
  put('[created_at]', lead.created_at);
  put('[updated_at]', lead.updated_at);

  return out;
}

function fieldIndex(fieldId: number, position: number, order?: number[]): number {
  if (!order) return position;
  const found = order.indexOf(fieldId);

  return found >= 0 ? found : order.length + position;
}

/** v2 values: dates are bare scalars, radiobutton is one object, enums carry the enum id. */
function fieldPairs(base: string, field: CustomFieldValue, timezone: string): Pair[] {
  const out: Pair[] = [
    [`${base}[id]`, String(field.field_id)],
    [`${base}[name]`, field.field_name],
  ];
  const values = field.values;
  const type = field.field_type;

  if (type === 'date' || type === 'date_time') {
    values.forEach((item, j) => out.push([`${base}[values][${j}]`, scalar(item.value)]));
  } else if (type === 'radiobutton' && values[0]) {
    out.push([`${base}[values][value]`, scalar(values[0].value)]);
    out.push([`${base}[values][enum]`, scalar(values[0].enum_id)]);
  } else {
    values.forEach((item, j) => {
      out.push(...valuePairs(`${base}[values][${j}][value]`, textOf(type, item.value, timezone)));
      if (item.enum_id != null) out.push([`${base}[values][${j}][enum]`, String(item.enum_id)]);
    });
  }
  if (field.field_code) out.push([`${base}[code]`, field.field_code]);

  return out;
}

function textOf(type: string, value: unknown, timezone: string): unknown {
  if (type === 'checkbox') return value ? '1' : '0';
  if (type === 'birthday' && typeof value === 'number') {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });

    return format.format(new Date(value * 1000)).replace(/\//g, '.');
  }

  return value;
}

// Composite values (addresses, legal entities) become nested keys, as PHP would serialise them.
function valuePairs(key: string, value: unknown): Pair[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([part, inner]) => valuePairs(`${key}[${part}]`, inner));
  }

  return [[key, scalar(value)]];
}

const scalar = (value: unknown): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';

  return String(value);
};

/** PHP urlencode: only alphanumerics and -_. stay literal; a space becomes '+'. */
export function phpUrlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
