import { isRecord, Reply } from '../shared/http';
import { HeapLimits } from './heap-limits';
import { HeapEvent, HeapStore } from './heap-store';
import {
  checkAppId,
  checkBatch,
  checkIdentity,
  checkProperties,
  checkText,
  checkTimestamp,
  required,
} from './heap-validation';

export interface HeapContext {
  store: HeapStore;
  limits: HeapLimits;
  now: () => number;
  isKnownApp: (appId: string) => boolean;
}

type Body = Record<string, unknown>;
type Handler = (body: Body, appId: string, ctx: HeapContext) => Reply;

// Success body as Segment's tests mock it (§9); the real status is unconfirmed beyond 2xx.
const accepted = (): Reply => ({ status: 200, json: {} });
export const rejected = (message: string): Reply => ({ status: 400, text: message });
const throttled = (): Reply => ({ status: 429, text: 'Too Many Requests' });

const USER_ID = /^[0-9]+$/;
const checkUserId = (value: unknown, path: string) =>
  typeof value === 'string' && USER_ID.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER
    ? null
    : `${path} should match pattern "^[0-9]+$"`;

function parseEvent(item: unknown, path: string, appId: string, now: number): HeapEvent | string {
  if (!isRecord(item)) return `${path} should be object`;
  if (item.identity === undefined && item.user_id === undefined) return required(path, 'identity');
  if (item.event === undefined) return required(path, 'event');
  const error =
    (item.identity !== undefined ? checkIdentity(item.identity, `${path}.identity`) : null) ??
    (item.user_id !== undefined ? checkUserId(item.user_id, `${path}.user_id`) : null) ??
    checkText(item.event, `${path}.event`, 1024) ??
    checkTimestamp(item.timestamp, `${path}.timestamp`) ??
    (item.idempotency_key !== undefined
      ? checkText(item.idempotency_key, `${path}.idempotency_key`, 1024)
      : null);
  if (error) return error;
  const props = checkProperties(item.properties ?? {}, `${path}.properties`);
  if ('error' in props) return props.error;

  return {
    appId,
    identity: item.identity === undefined ? null : String(item.identity),
    userId: item.user_id === undefined ? null : String(item.user_id),
    event: item.event as string,
    properties: props.properties,
    timestamp: (item.timestamp as string | undefined) ?? new Date(now).toISOString(),
    idempotencyKey: (item.idempotency_key as string | undefined) ?? null,
    sessionId: item.session_id === undefined ? null : String(item.session_id),
    receivedAt: now,
  };
}

/** A single track is checked as a one-element bulk body, hence `events[0]` in messages (§9). */
const track: Handler = (body, appId, ctx) => {
  const bulk = body.events !== undefined;
  const batchError = bulk ? checkBatch(body.events, 'postBody.events') : null;
  if (batchError) return rejected(batchError);
  const now = ctx.now();
  const items = bulk ? (body.events as unknown[]) : [body];
  const events: HeapEvent[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = parseEvent(item, `postBody.events[${index}]`, appId, now);
    if (typeof parsed === 'string') return rejected(parsed);
    events.push(parsed);
  }
  const who = events.map((event) => event.identity ?? `user_id:${event.userId}`);
  const allowed = bulk
    ? ctx.limits.allowBulk(appId, who, now)
    : ctx.limits.allowSingle('track', appId, who[0], now);
  if (!allowed) return throttled();
  events.forEach((event) => ctx.store.addEvent(event));

  return accepted();
};

/** Shared by user and account properties: single body or a batch under `listKey`. */
function propertiesHandler(table: 'user' | 'account', listKey: string, idKey: string): Handler {
  return (body, appId, ctx) => {
    const bulk = body[listKey] !== undefined;
    const batchError = bulk ? checkBatch(body[listKey], `postBody.${listKey}`) : null;
    if (batchError) return rejected(batchError);
    const items = bulk ? (body[listKey] as unknown[]) : [body];
    const updates: Array<{ id: string; properties: Record<string, string | number> }> = [];
    for (const [index, item] of items.entries()) {
      const path = bulk ? `postBody.${listKey}[${index}]` : 'postBody';
      if (!isRecord(item)) return rejected(`${path} should be object`);
      if (item[idKey] === undefined) return rejected(required(path, idKey));
      if (item.properties === undefined) return rejected(required(path, 'properties'));
      const idError = checkIdentity(item[idKey], `${path}.${idKey}`);
      if (idError) return rejected(idError);
      const props = checkProperties(item.properties, `${path}.properties`);
      if ('error' in props) return rejected(props.error);
      updates.push({ id: String(item[idKey]), properties: props.properties });
    }
    const single = !bulk && table === 'user';
    if (single && !ctx.limits.allowSingle('user_properties', appId, updates[0].id, ctx.now())) {
      return throttled();
    }
    updates.forEach((u) => ctx.store.mergeProperties(table, appId, u.id, u.properties));

    return accepted();
  };
}

const identify: Handler = (body, appId, ctx) => {
  for (const key of ['user_id', 'identity']) {
    if (body[key] === undefined) return rejected(required('postBody', key));
  }
  const error =
    checkUserId(body.user_id, 'postBody.user_id') ??
    checkIdentity(body.identity, 'postBody.identity') ??
    checkTimestamp(body.timestamp, 'postBody.timestamp');
  if (error) return rejected(error);
  ctx.store.identify(appId, String(body.user_id), String(body.identity), ctx.now());

  return accepted();
};

export const HEAP_ROUTES: Record<string, Handler> = {
  '/api/track': track,
  '/api/add_user_properties': propertiesHandler('user', 'users', 'identity'),
  '/api/add_account_properties': propertiesHandler('account', 'accounts', 'account_id'),
  '/api/v1/identify': identify,
};

export function routeHeapCall(path: string, body: Body, ctx: HeapContext): Reply | null {
  const handler = HEAP_ROUTES[path];
  if (!handler) return null;
  const appError = checkAppId(body);
  if (appError) return rejected(appError);
  const appId = String(body.app_id);
  if (!ctx.isKnownApp(appId)) return rejected(`postBody.app_id ${appId} is not a known app`);

  return handler(body, appId, ctx);
}
