import { MAX_CSV_IDENTITIES, parseIdentityCsv } from './identity-csv';

describe('parseIdentityCsv', () => {
  it('reads one identity per line, with a BOM, CRLF, quotes and blank lines', () => {
    const text = '\uFEFFa@x.test\r\n"b@x.test"\r\n\r\n  c@x.test  \r\n';

    expect(parseIdentityCsv(text)).toEqual({
      ok: true,
      identities: ['a@x.test', 'b@x.test', 'c@x.test'],
    });
  });

  it('reads the identity or email column of an export, comma or semicolon separated', () => {
    const comma = 'Name,Email,Plan\n"Doe, Jane",jane@x.test,pro\nJohn,"john@x.test",free\n';
    const semicolon = 'identity;email\nuser-1;u1@x.test\nuser-2;u2@x.test';

    expect(parseIdentityCsv(comma)).toEqual({
      ok: true,
      identities: ['jane@x.test', 'john@x.test'],
    });
    expect(parseIdentityCsv(semicolon)).toEqual({ ok: true, identities: ['user-1', 'user-2'] });
  });

  it('explains an empty file, an unnamed column and a huge file', () => {
    expect(parseIdentityCsv('\uFEFF\r\n \r\n')).toEqual({ ok: false, error: 'The file is empty' });
    expect(parseIdentityCsv('Email\n\n')).toEqual({
      ok: false,
      error: 'The file has no identities',
    });
    expect(parseIdentityCsv('a,b\nc,d').ok).toBe(false);
    const huge = Array.from({ length: MAX_CSV_IDENTITIES + 1 }, (_, i) => `u${i}@x.test`);
    expect(parseIdentityCsv(huge.join('\n'))).toEqual({
      ok: false,
      error: `The file has ${MAX_CSV_IDENTITIES + 1} lines; upload at most ${MAX_CSV_IDENTITIES} at once`,
    });
  });
});
