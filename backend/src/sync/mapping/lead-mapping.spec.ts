import { defaultSettings, IdentitySettings } from '@heap-sync/shared';
import {
  dealSnapshot,
  KommoContact,
  KommoCustomField,
  KommoLead,
  localDate,
  mainContactId,
  resolveIdentity,
} from './lead-mapping';

const EMAIL: IdentitySettings = { source: 'email', contactFieldId: null, lowercaseEmail: true };

function lead(overrides: Partial<KommoLead> = {}): KommoLead {
  return {
    id: 42,
    name: 'ACME renewal',
    price: 1200,
    responsible_user_id: 7,
    status_id: 142,
    pipeline_id: 3,
    created_at: 1761000000,
    updated_at: 1762077700,
    closed_at: 1762077600,
    custom_fields_values: null,
    ...overrides,
  };
}

function contact(emails: Array<{ value: string; enum_code?: string }> | null): KommoContact {
  return {
    id: 501,
    name: 'Jane Roe',
    custom_fields_values: emails && [
      {
        field_id: 9,
        field_name: 'Email',
        field_code: 'EMAIL',
        field_type: 'multitext',
        values: emails,
      },
    ],
  };
}

describe('mainContactId', () => {
  it('prefers the main contact, then the first, else null', () => {
    const contacts = [
      { id: 1, is_main: false },
      { id: 2, is_main: true },
    ];

    expect(mainContactId(lead({ _embedded: { contacts } }))).toBe(2);
    expect(mainContactId(lead({ _embedded: { contacts: [{ id: 1, is_main: false }] } }))).toBe(1);
    expect(mainContactId(lead({ _embedded: { contacts: [] } }))).toBeNull();
    expect(mainContactId(lead())).toBeNull();
  });
});

describe('resolveIdentity', () => {
  it('takes the work email, lowercased', () => {
    const person = contact([
      { value: 'jane.home@example.com', enum_code: 'PRIV' },
      { value: ' Jane@ACME.example ', enum_code: 'WORK' },
    ]);

    expect(resolveIdentity(person, EMAIL)).toEqual({ identity: 'jane@acme.example' });
    expect(resolveIdentity(person, { ...EMAIL, lowercaseEmail: false })).toEqual({
      identity: 'Jane@ACME.example',
    });
  });

  it('skips placeholders and falls back to another address', () => {
    const person = contact([
      { value: 'noemail@acme.example', enum_code: 'WORK' },
      { value: 'jane@home.example', enum_code: 'PRIV' },
    ]);

    expect(resolveIdentity(person, EMAIL)).toEqual({ identity: 'jane@home.example' });
  });

  it('reports why there is no identity', () => {
    const placeholders = contact([{ value: 'No-Email@x.com' }, { value: '0' }, { value: '' }]);

    expect(resolveIdentity(null, EMAIL)).toEqual({ skip: 'The deal has no contact' });
    expect(resolveIdentity(contact(null), EMAIL)).toEqual({
      skip: 'The main contact has no email',
    });
    expect(resolveIdentity(placeholders, EMAIL)).toEqual({
      skip: 'The main contact has no email',
    });
    expect(resolveIdentity(contact([{ value: `${'a'.repeat(300)}@x.com` }]), EMAIL)).toEqual({
      skip: 'The Heap identity is 306 characters; Heap accepts at most 255',
    });
  });

  it('uses the contact id', () => {
    const settings: IdentitySettings = { ...EMAIL, source: 'contact_id' };

    expect(resolveIdentity(contact(null), settings)).toEqual({ identity: '501' });
  });

  it('uses a custom contact field, treating "0" and blanks as missing', () => {
    const settings: IdentitySettings = { ...EMAIL, source: 'custom_field', contactFieldId: 77 };
    const withField = (value: string): KommoContact => ({
      id: 501,
      name: 'Jane',
      custom_fields_values: [
        {
          field_id: 77,
          field_name: 'App user id',
          field_code: null,
          field_type: 'text',
          values: [{ value }],
        },
      ],
    });

    expect(resolveIdentity(withField(' usr_8f2a '), settings)).toEqual({ identity: 'usr_8f2a' });
    expect(resolveIdentity(withField('0'), settings)).toEqual({
      skip: 'The main contact has no value in the identity field',
    });
    expect(resolveIdentity(contact(null), settings)).toEqual({
      skip: 'The main contact has no value in the identity field',
    });
  });
});

describe('dealSnapshot', () => {
  const defs: KommoCustomField[] = [
    {
      id: 10,
      name: 'Plan',
      code: null,
      type: 'select',
      enums: [{ id: 102, value: 'Pro', sort: 1 }],
    },
  ];

  it('reads plan and source from the configured fields', () => {
    const settings = { ...defaultSettings('123'), planFieldId: 10, sourceFieldId: 11 };
    const deal = lead({
      custom_fields_values: [
        {
          field_id: 10,
          field_name: 'Plan',
          field_code: null,
          field_type: 'select',
          values: [{ value: 'Pro', enum_id: 102 }],
        },
        {
          field_id: 11,
          field_name: 'Source',
          field_code: null,
          field_type: 'text',
          values: [{ value: 'Webinar' }],
        },
      ],
    });

    expect(dealSnapshot(deal, settings, defs)).toEqual({
      leadId: 42,
      pipelineId: 3,
      statusId: 142,
      price: 1200,
      plan: 'Pro',
      source: 'Webinar',
      closedAt: 1762077600,
      updatedAt: 1762077700,
    });
  });

  it('gives nulls for unconfigured fields, no price and an open deal', () => {
    const snapshot = dealSnapshot(lead({ price: null, closed_at: null }), defaultSettings('1'));

    expect([snapshot.plan, snapshot.source, snapshot.price, snapshot.closedAt]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('localDate', () => {
  // 2025-11-02 02:00 UTC is still 1 November in the Americas.
  const instant = 1762048800;

  it('gives the day in the account time zone', () => {
    expect(localDate(instant, 'UTC')).toBe('2025-11-02');
    expect(localDate(instant, 'America/Sao_Paulo')).toBe('2025-11-01');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2025-11-02');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(localDate(instant, 'Mars/Olympus_Mons')).toBe('2025-11-02');
    expect(localDate(instant, '')).toBe('2025-11-02');
  });
});
