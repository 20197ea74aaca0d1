import { isRecord } from '../../shared/http';
import { FieldError } from '../replies';

// Symfony validator wording, which Kommo's validation-errors details resemble.
export const missing = (path: string): FieldError => ({
  code: 'FieldMissing',
  path,
  detail: 'This field is missing.',
});

export const wrongType = (path: string, type: string): FieldError => ({
  code: 'InvalidType',
  path,
  detail: `This value should be of type ${type}.`,
});

export const notAChoice = (path: string): FieldError => ({
  code: 'NotSupportedChoice',
  path,
  detail: 'The value you selected is not a valid choice.',
});

export function requireInt(item: Record<string, unknown>, key: string, out: FieldError[]) {
  if (item[key] === undefined || item[key] === null) out.push(missing(key));
  else if (!Number.isInteger(item[key])) out.push(wrongType(key, 'int'));
}

export function optionalInt(item: Record<string, unknown>, key: string, out: FieldError[]) {
  if (item[key] !== undefined && !Number.isInteger(item[key])) out.push(wrongType(key, 'int'));
}

export function requireText(path: string, value: unknown, out: FieldError[]) {
  if (value === undefined || value === null || value === '') out.push(missing(path));
  else if (typeof value !== 'string') out.push(wrongType(path, 'string'));
}

/** Runs `check` on every element; collects failures by element index. */
export function validateBatch(
  items: unknown[],
  check: (item: Record<string, unknown>) => FieldError[],
): Array<{ index: number; errors: FieldError[] }> {
  return items
    .map((item, index) => ({
      index,
      errors: isRecord(item) ? check(item) : [wrongType('', 'object')],
    }))
    .filter((failure) => failure.errors.length > 0);
}
