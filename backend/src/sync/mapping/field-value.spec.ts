import { fieldValue } from './field-value';
import type { KommoCustomField, KommoFieldValue } from './kommo-v4.types';

const DEFS: KommoCustomField[] = [
  {
    id: 10,
    name: 'Plan',
    code: null,
    type: 'select',
    enums: [
      { id: 101, value: 'Starter', sort: 1 },
      { id: 102, value: 'Pro', sort: 2 },
    ],
  },
  {
    id: 11,
    name: 'Modules',
    code: null,
    type: 'multiselect',
    enums: [
      { id: 111, value: 'CRM', sort: 1 },
      { id: 112, value: 'Chat', sort: 2 },
    ],
  },
];

function value(field_id: number, field_type: string, values: unknown[]): KommoFieldValue {
  return {
    field_id,
    field_name: `Field ${field_id}`,
    field_code: null,
    field_type,
    values: values.map((item) =>
      typeof item === 'object' && item !== null ? item : { value: item },
    ) as KommoFieldValue['values'],
  };
}

const read = (field: KommoFieldValue, defs = DEFS) => fieldValue([field], field.field_id, defs);

describe('fieldValue', () => {
  it('reads select options from the field definition by enum_id', () => {
    // The value text is what Kommo stored; the definition has the option's current name.
    expect(read(value(10, 'select', [{ value: 'Pro (old)', enum_id: 102 }]))).toBe('Pro');
    expect(read(value(10, 'select', [{ value: ' Pro ', enum_id: 102 }]), [])).toBe('Pro');
    expect(read(value(12, 'radiobutton', [{ value: 'Yes', enum_id: 5 }]))).toBe('Yes');
  });

  it('joins multiselect options with ||', () => {
    const field = value(11, 'multiselect', [
      { value: 'CRM', enum_id: 111 },
      { value: 'Chat', enum_id: 112 },
    ]);

    expect(read(field)).toBe('CRM||Chat');
    expect(read(value(11, 'multiselect', []))).toBeNull();
  });

  it('reads numbers, including the text form Kommo uses for numeric fields', () => {
    expect(read(value(20, 'numeric', ['1200.5']))).toBe(1200.5);
    expect(read(value(20, 'numeric', ['1 200,5']))).toBe(1200.5);
    expect(read(value(21, 'price', [990]))).toBe(990);
    expect(read(value(22, 'monetary', ['0']))).toBe(0);
    expect(read(value(20, 'numeric', ['twelve']))).toBeNull();
  });

  it('reads checkboxes as booleans', () => {
    expect(read(value(30, 'checkbox', [true]))).toBe(true);
    expect(read(value(30, 'checkbox', [false]))).toBe(false);
    expect(read(value(30, 'checkbox', ['1']))).toBe(true);
  });

  it('reads dates as unix seconds', () => {
    expect(read(value(40, 'date', [1762041600]))).toBe(1762041600);
    expect(read(value(41, 'date_time', ['1762077600']))).toBe(1762077600);
    expect(read(value(42, 'birthday', ['2025-11-02T00:00:00+00:00']))).toBe(1762041600);
  });

  it('trims text and treats empty or object values as absent', () => {
    expect(read(value(50, 'text', ['  Website  ']))).toBe('Website');
    expect(read(value(50, 'text', ['   ']))).toBeNull();
    expect(read(value(51, 'legal_entity', [{ value: { name: 'ACME' } }]))).toBeNull();
    expect(read(value(52, 'url', ['', 'https://acme.example']))).toBe('https://acme.example');
  });

  it('copes with null values, a missing field and no field id', () => {
    expect(fieldValue(null, 10, DEFS)).toBeNull();
    expect(fieldValue([value(50, 'text', ['x'])], 99, DEFS)).toBeNull();
    expect(fieldValue([value(50, 'text', ['x'])], null, DEFS)).toBeNull();
  });
});
