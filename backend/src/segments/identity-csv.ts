import { parse } from 'csv-parse/sync';
import { cleanIdentities } from './heap-segment-payload';

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_CSV_IDENTITIES = 20_000;

export type CsvIdentities = { ok: true; identities: string[] } | { ok: false; error: string };

const HEADERS = ['identity', 'email', 'e-mail'];

/**
 * Identities from an export: one per line, or a column named identity or email. Spreadsheets
 * save with a BOM, CRLF, quotes and, in many locales, semicolons; all of that is accepted.
 */
export function parseIdentityCsv(text: string): CsvIdentities {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    return { ok: false, error: `The file is not valid CSV: ${(error as Error).message}` };
  }
  rows = rows.filter((row) => row.some((cell) => cell !== ''));
  if (rows.length === 0) return { ok: false, error: 'The file is empty' };

  const header = rows[0].map((cell) => cell.toLowerCase());
  const named = HEADERS.map((name) => header.indexOf(name)).find((index) => index >= 0);
  if (named === undefined && rows.some((row) => row.length > 1)) {
    return {
      ok: false,
      error: 'The file has several columns: name the one with the users "identity" or "email"',
    };
  }
  const column = named ?? 0;
  const lines = named === undefined ? rows : rows.slice(1);
  if (lines.length > MAX_CSV_IDENTITIES) {
    return {
      ok: false,
      error: `The file has ${lines.length} lines; upload at most ${MAX_CSV_IDENTITIES} at once`,
    };
  }
  const identities = cleanIdentities(lines.map((row) => row[column] ?? ''));
  if (identities.length === 0) return { ok: false, error: 'The file has no identities' };

  return { ok: true, identities };
}
