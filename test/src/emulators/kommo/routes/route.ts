import { ParsedQs } from 'qs';
import { IncomingCall, parseJson, Reply } from '../../shared/http';
import { AccountState, KommoStore } from '../kommo-store';
import { KommoUser } from '../kommo-types';
import { problem } from '../replies';

export interface ApiContext {
  call: IncomingCall;
  query: ParsedQs;
  params: string[];
  account: AccountState;
  user: KommoUser;
  store: KommoStore;
  origin: string;
  nowSec: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handle: (ctx: ApiContext) => Reply;
}

/** `filter[id]=1`, `filter[id][]=1&filter[id][]=2` and `filter[id][0]=1` all mean a list. */
export function numberList(value: unknown): number[] | null {
  if (value === undefined) return null;
  const raw = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? Object.values(value)
      : String(value).split(',');

  return raw.map((item) => Number(item)).filter((item) => Number.isFinite(item));
}

export function withList(query: ParsedQs): string[] {
  return typeof query.with === 'string' ? query.with.split(',').map((item) => item.trim()) : [];
}

export function stringParam(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Reads a JSON array body, the shape of every batch endpoint in API v4. */
export function jsonArrayBody(
  ctx: ApiContext,
): { ok: true; items: unknown[] } | { ok: false; reply: Reply } {
  const parsed = parseJson(ctx.call.body);
  if (!parsed.ok) return { ok: false, reply: problem(400, 'Request body is not valid JSON') };
  if (!Array.isArray(parsed.value) || parsed.value.length === 0) {
    return { ok: false, reply: problem(400, 'Request body must be a non-empty array') };
  }

  return { ok: true, items: parsed.value };
}

export const selfLink = (href: string) => ({ self: { href } });
