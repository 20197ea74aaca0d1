import type { KommoCustomField, KommoFieldValue, KommoFieldValueItem } from './kommo-v4.types';

export type KommoScalar = string | number | boolean;

const OPTION_TYPES = new Set(['select', 'radiobutton', 'category']);
const NUMBER_TYPES = new Set(['numeric', 'price', 'monetary']);
const DATE_TYPES = new Set(['date', 'date_time', 'birthday']);

/**
 * One custom field of a lead or contact as a plain value: option texts for selects, numbers for
 * numeric fields, unix seconds for dates, trimmed text otherwise; null when empty or absent.
 */
export function fieldValue(
  values: KommoFieldValue[] | null | undefined,
  fieldId: number | null | undefined,
  fieldDefs: KommoCustomField[] = [],
): KommoScalar | null {
  if (fieldId === null || fieldId === undefined) return null;
  const field = (values ?? []).find((candidate) => candidate.field_id === fieldId);
  if (!field) return null;
  const def = fieldDefs.find((candidate) => candidate.id === fieldId);
  const type = field.field_type || def?.type || 'text';
  const items = field.values ?? [];

  if (type === 'multiselect') {
    const texts = items.map((item) => optionText(item, def)).filter((text) => text !== null);

    return texts.length > 0 ? texts.join('||') : null;
  }
  const item = items.find((candidate) => !isEmpty(candidate.value) || candidate.enum_id);
  if (!item) return null;
  if (OPTION_TYPES.has(type)) return optionText(item, def);
  if (NUMBER_TYPES.has(type)) return toNumber(item.value);
  if (DATE_TYPES.has(type)) return toUnixSeconds(item.value);
  if (type === 'checkbox') return toBoolean(item.value);

  return toText(item.value);
}

/** Kommo's option text lives in the field definition; the value text can be stale after a rename. */
function optionText(item: KommoFieldValueItem, def: KommoCustomField | undefined): string | null {
  const option = item.enum_id ? def?.enums?.find((entry) => entry.id === item.enum_id) : undefined;

  return toText(option?.value ?? item.value);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && !value.trim());
}

function toText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();

  return text || null;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  // Numeric fields come back as text ("1200.5"); accept a decimal comma and digit grouping too.
  let text = value.replace(/[\s\u00a0]/g, '');
  if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  const number = text ? Number(text) : NaN;

  return Number.isFinite(number) ? number : null;
}

function toUnixSeconds(value: unknown): number | null {
  const number = toNumber(value);
  if (number !== null) return Math.trunc(number);
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value);

  return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;

  return null;
}
