import { CustomFieldValue, CustomFieldValueItem, KommoCustomField } from './kommo-types';

/** A value as a test may write it: field by id or code, enums by id, code or text. */
export interface CustomFieldValueInput {
  field_id?: number;
  field_code?: string;
  field_name?: string;
  field_type?: string;
  values: CustomFieldValueItem[];
}

const ENUM_TYPES = new Set(['select', 'multiselect', 'radiobutton', 'multitext', 'category']);

/**
 * Completes test input into the full v4 shape the API returns, looking names, types and enum ids
 * up in the account's fields. An empty list stays `null`, as Kommo answers (php#214).
 */
export function normalizeFieldValues(
  input: CustomFieldValueInput[] | null | undefined,
  fields: KommoCustomField[],
): CustomFieldValue[] | null {
  if (!input || input.length === 0) return null;

  return input.map((item) => {
    const field = fields.find(
      (candidate) =>
        (item.field_id !== undefined && candidate.id === item.field_id) ||
        (item.field_code !== undefined && candidate.code === item.field_code),
    );
    if (!field) {
      throw new Error(`Unknown custom field ${item.field_id ?? item.field_code} in this account`);
    }
    const values = ENUM_TYPES.has(field.type)
      ? item.values.map((value) => resolveEnum(field, value))
      : item.values.map((value) => ({ value: value.value }));

    return {
      field_id: field.id,
      field_name: item.field_name ?? field.name,
      field_code: item.field_code ?? field.code,
      field_type: item.field_type ?? field.type,
      values,
    };
  });
}

function resolveEnum(field: KommoCustomField, item: CustomFieldValueItem): CustomFieldValueItem {
  const enums = field.enums ?? [];
  // Multitext enums are codes (WORK, MOB…); select-like enums are the option texts.
  const isMultitext = field.type === 'multitext';
  const found =
    enums.find((option) => option.id === item.enum_id) ??
    enums.find((option) => item.enum_code != null && option.value === item.enum_code) ??
    (isMultitext ? enums[0] : enums.find((option) => option.value === item.value));
  if (!found) {
    throw new Error(`No enum of field ${field.id} matches ${JSON.stringify(item)}`);
  }

  return isMultitext
    ? { value: item.value, enum_id: found.id, enum_code: found.value }
    : { value: found.value, enum_id: found.id, enum_code: found.code ?? null };
}

/** Text form of every value, for `query=` search. */
export function fieldValueTexts(values: CustomFieldValue[] | null): string[] {
  return (values ?? []).flatMap((field) => field.values.map((item) => String(item.value ?? '')));
}
