import { HeapValidationError } from './heap-error';
import {
  HeapTrackEvent,
  idempotencyKey,
  identityProblem,
  toHeapProperties,
  validateHeapEvent,
  validateUserProperties,
} from './heap-rules';

const EVENT: HeapTrackEvent = {
  identity: 'jane@example.com',
  event: 'crm_deal_won',
  timestamp: '2026-11-02T10:00:00.000Z',
  idempotencyKey: 'kommo:1:lead:2:won:3',
  properties: { plan: 'Pro', amount: 1200 },
};

function failure(run: () => void): HeapValidationError {
  try {
    run();
  } catch (error) {
    return error as HeapValidationError;
  }
  throw new Error('expected a HeapValidationError');
}

describe('toHeapProperties', () => {
  it('encodes values the way Heap stores them (heap-api.md B9)', () => {
    expect(
      toHeapProperties({
        plan: 'Pro',
        amount: 1200.5,
        zero: 0,
        vip: true,
        trial: false,
        tags: ['a', 'b', 3, null],
        empty: [],
        note: null,
        gone: undefined,
        blank: '',
      }),
    ).toEqual({
      plan: 'Pro',
      amount: 1200.5,
      zero: 0,
      vip: 'true',
      trial: 'false',
      tags: 'a||b||3',
      blank: '',
    });
  });

  it('rejects nested objects and non-finite numbers, naming the key', () => {
    const nested = failure(() => toHeapProperties({ address: { city: 'Lima' } }));
    const infinite = failure(() => toHeapProperties({ mrr: Infinity }));
    const inArray = failure(() => toHeapProperties({ tags: [{ a: 1 }] }));

    expect(nested).toBeInstanceOf(HeapValidationError);
    expect(nested.field).toBe('properties.address');
    expect(nested.message).toBe('Property "address" is not a string, number or boolean');
    expect(infinite.message).toBe('Property "mrr" is not a finite number');
    expect(inArray.field).toBe('properties.tags');
  });
});

describe('validateHeapEvent', () => {
  it('accepts a well-formed event', () => {
    expect(() => validateHeapEvent(EVENT)).not.toThrow();
  });

  it.each([
    ['event', { event: ' ' }, 'The event name is empty'],
    ['event', { event: 'e'.repeat(1025) }, 'The event name is longer than 1024 characters'],
    ['identity', { identity: '' }, 'The Heap identity is empty'],
    ['identity', { identity: '0' }, 'The Heap identity is a placeholder value'],
    ['identity', { identity: 'NoEmail@example.com' }, 'The Heap identity is a placeholder value'],
    ['identity', { identity: 'none@mail.com' }, 'The Heap identity is a placeholder value'],
    [
      'identity',
      { identity: `${'a'.repeat(250)}@x.com` },
      'The Heap identity is 256 characters; Heap accepts at most 255',
    ],
    ['timestamp', { timestamp: 'yesterday' }, 'The event timestamp is not an ISO-8601 date'],
    ['idempotency_key', { idempotencyKey: '' }, 'The idempotency key is empty'],
    ['properties', { properties: [] }, 'Event properties must be an object'],
    ['properties', { properties: null }, 'Event properties must be an object'],
    ['properties.ID', { properties: { ID: 5 } }, 'Event property "ID" is a name Heap reserves'],
    [
      'properties.User_Id',
      { properties: { User_Id: 'x' } },
      'Event property "User_Id" is a name Heap reserves',
    ],
    [
      'properties.plan',
      { properties: { plan: 'p'.repeat(1024) } },
      'Event property "plan" is 1024 characters; Heap accepts up to 1023',
    ],
    ['properties.mrr', { properties: { mrr: NaN } }, 'Property "mrr" is not a finite number'],
    [
      'properties.vip',
      { properties: { vip: true } },
      'Event property "vip" is not a string or number',
    ],
    ['properties.', { properties: { '': 1 } }, 'Event property name is empty'],
  ])('refuses a bad %s', (field, change, message) => {
    const error = failure(() => validateHeapEvent({ ...EVENT, ...change } as HeapTrackEvent));

    expect(error).toBeInstanceOf(HeapValidationError);
    expect(error.category).toBe('invalid');
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it('refuses a property name of 1024 characters and keeps the message short', () => {
    const error = failure(() =>
      validateHeapEvent({ ...EVENT, properties: { ['k'.repeat(1024)]: 1 } }),
    );

    expect(error.message).toBe(`Event property name "${'k'.repeat(39)}…" is too long`);
  });

  it('accepts values just under the limits', () => {
    const event = {
      ...EVENT,
      identity: 'i'.repeat(255),
      event: 'e'.repeat(1024),
      properties: { ['k'.repeat(1023)]: 'v'.repeat(1023) },
    };

    expect(() => validateHeapEvent(event)).not.toThrow();
  });
});

describe('validateUserProperties', () => {
  it('applies the identity and property rules', () => {
    expect(() =>
      validateUserProperties({ identity: 'jane@example.com', properties: { plan: 'Pro' } }),
    ).not.toThrow();
    expect(failure(() => validateUserProperties({ identity: 'n/a', properties: {} })).message).toBe(
      'The Heap identity is a placeholder value',
    );
    expect(
      failure(() => validateUserProperties({ identity: 'jane', properties: { id: 1 } })).message,
    ).toBe('User property "id" is a name Heap reserves');
  });
});

describe('identityProblem', () => {
  it('accepts real identities, including ones that merely contain a placeholder word', () => {
    expect(identityProblem('jane@example.com')).toBeNull();
    expect(identityProblem('12345')).toBeNull();
    expect(identityProblem('noemailer@example.com')).toBeNull();
  });
});

describe('idempotencyKey', () => {
  it('is readable and deterministic', () => {
    const parts = ['kommo', 31, 'lead', 42, 'won', 1762077600];

    expect(idempotencyKey(parts)).toBe('kommo:31:lead:42:won:1762077600');
    expect(idempotencyKey([...parts])).toBe(idempotencyKey(parts));
  });

  it('keeps parts with colons from colliding', () => {
    expect(idempotencyKey(['a:b', 'c'])).not.toBe(idempotencyKey(['a', 'b:c']));
  });

  it('refuses empty input', () => {
    expect(() => idempotencyKey([])).toThrow('at least one part');
    expect(() => idempotencyKey(['kommo', ''])).toThrow('part is empty');
    expect(() => idempotencyKey(['kommo', NaN])).toThrow('not a finite number');
  });
});
