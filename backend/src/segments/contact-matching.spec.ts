import type { IdentitySettings } from '@heap-sync/shared';
import {
  contactKeys,
  KommoSegmentContact,
  KommoSegmentLead,
  lookupKey,
  pickTarget,
  taskText,
} from './contact-matching';

const email: IdentitySettings = { source: 'email', contactFieldId: null, lowercaseEmail: true };
const statuses = {
  won: [{ pipelineId: null, statusId: 142 }],
  lost: [{ pipelineId: null, statusId: 143 }],
};
const lead = (id: number, status: number, user: number, at: number): KommoSegmentLead => ({
  id,
  status_id: status,
  pipeline_id: 1,
  responsible_user_id: user,
  updated_at: at,
  closed_at: status === 142 || status === 143 ? at : null,
});
const contact = (id: number, leadIds: number[], user = 9): KommoSegmentContact => ({
  id,
  responsible_user_id: user,
  custom_fields_values: [
    {
      field_id: 1,
      field_name: 'Email',
      field_code: 'EMAIL',
      field_type: 'multitext',
      values: [{ value: ' Ann@X.test ' }, { value: 'ann.work@x.test' }],
    },
  ],
  _embedded: { leads: leadIds.map((leadId) => ({ id: leadId })) },
});

describe('lookupKey and contactKeys', () => {
  it('match every email of a contact exactly, ignoring case and spaces', () => {
    expect(contactKeys(contact(1, []), email)).toEqual(['ann@x.test', 'ann.work@x.test']);
    expect(lookupKey(' ANN@x.test', email)).toEqual({ key: 'ann@x.test' });
  });

  it('say why a value cannot match before any request', () => {
    expect(lookupKey('user-123', email)).toEqual({
      reason: 'Not an email address, so it cannot match a contact email',
    });
    const byId: IdentitySettings = { ...email, source: 'contact_id' };
    expect(lookupKey('abc', byId)).toEqual({ reason: 'Not a Kommo contact id' });
    expect(contactKeys(contact(77, []), byId)).toEqual(['77']);
  });
});

describe('pickTarget', () => {
  const leads = new Map(
    [
      lead(10, 500, 21, 100), // open, older
      lead(11, 501, 22, 300), // open, latest activity
      lead(12, 142, 23, 900), // won, newest of all
      lead(13, 143, 24, 950), // lost
      lead(14, 142, 25, 400), // won, older
    ].map((item) => [item.id, item]),
  );

  it('prefers the open deal with the latest activity, for its responsible user', () => {
    expect(pickTarget([contact(1, [10, 11, 12, 13])], leads, statuses, 'deal')).toEqual({
      contactId: 1,
      leadId: 11,
      entityType: 'leads',
      entityId: 11,
      responsibleUserId: 22,
    });
  });

  it('falls back to the latest won deal; lost deals never count', () => {
    expect(pickTarget([contact(1, [12, 13, 14])], leads, statuses, 'deal').leadId).toBe(12);
    expect(pickTarget([contact(1, [13])], leads, statuses, 'deal')).toEqual({
      contactId: 1,
      leadId: null,
      entityType: 'contacts',
      entityId: 1,
      responsibleUserId: 9,
    });
  });

  it('puts the task on the contact when the rule says so, still for the deal owner', () => {
    expect(pickTarget([contact(1, [10])], leads, statuses, 'contact')).toMatchObject({
      entityType: 'contacts',
      entityId: 1,
      responsibleUserId: 21,
    });
  });

  it('among duplicate contacts, picks the one with the most relevant deal', () => {
    const target = pickTarget([contact(1, [14]), contact(2, [10])], leads, statuses, 'deal');

    expect(target).toMatchObject({ contactId: 2, leadId: 10 });
  });
});

describe('taskText', () => {
  it('fills in the identity and the segment', () => {
    expect(taskText('Call {identity} ({segment})', 'a@x.test', 'At risk')).toBe(
      'Call a@x.test (At risk)',
    );
  });
});
