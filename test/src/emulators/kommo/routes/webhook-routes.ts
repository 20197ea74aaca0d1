import { isRecord, parseJson } from '../../shared/http';
import { KommoWebhook } from '../kommo-types';
import { FieldError, hal, noContent, problem, validationFailed } from '../replies';
import { ApiContext, Route, selfLink, stringParam } from './route';
import { missing, notAChoice, wrongType } from './validation';

const FAMILIES = ['add', 'update', 'delete', 'restore', 'status', 'responsible', 'note'];
const OTHER_EVENTS = [
  ...['add', 'update', 'delete', 'responsible', 'note'].map((action) => `${action}_customer`),
  ...['add', 'update', 'delete', 'responsible'].map((action) => `${action}_task`),
  'add_talk',
  'update_talk',
  'add_message',
  'add_chat_template_review',
];
/** Event codes of §5.2: {action}_{entity} for leads, contacts and companies, plus the rest. */
export const WEBHOOK_EVENTS = [
  ...['lead', 'contact', 'company'].flatMap((entity) => FAMILIES.map((a) => `${a}_${entity}`)),
  ...OTHER_EVENTS,
];
const MAX_WEBHOOKS = 100;

const render = (hook: KommoWebhook) => ({ ...hook });

function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function listWebhooks(ctx: ApiContext) {
  const filter = isRecord(ctx.query.filter) ? ctx.query.filter : {};
  const destination = stringParam(filter.destination);
  const hooks = ctx.account.webhooks.filter((h) => !destination || h.destination === destination);
  if (hooks.length === 0) return noContent();

  return hal({
    _total_items: hooks.length,
    _links: selfLink(`${ctx.origin}/api/v4/webhooks`),
    _embedded: { webhooks: hooks.map(render) },
  });
}

function checkSubscription(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (body.destination === undefined) errors.push(missing('destination'));
  else if (!isUrl(body.destination)) errors.push(wrongType('destination', 'url'));
  if (!Array.isArray(body.settings) || body.settings.length === 0) errors.push(missing('settings'));
  else {
    body.settings.forEach((setting, i) => {
      if (!WEBHOOK_EVENTS.includes(String(setting))) errors.push(notAChoice(`settings.${i}`));
    });
  }
  if (body.sort !== undefined && !Number.isInteger(body.sort))
    errors.push(wrongType('sort', 'int'));

  return errors;
}

/** Subscribing a destination again replaces its settings and re-enables it; KD webhooks-general. */
function subscribe(ctx: ApiContext) {
  const parsed = parseJson(ctx.call.body);
  if (!parsed.ok || !isRecord(parsed.value)) return problem(400, 'Request body must be an object');
  const errors = checkSubscription(parsed.value);
  if (errors.length > 0) return validationFailed([{ index: 0, errors }]);

  const { destination, settings, sort } = parsed.value as {
    destination: string;
    settings: string[];
    sort?: number;
  };
  const existing = ctx.account.webhooks.find((hook) => hook.destination === destination);
  if (existing) {
    Object.assign(existing, {
      settings,
      sort: sort ?? existing.sort,
      disabled: false,
      updated_at: ctx.nowSec,
    });

    return hal(render(existing));
  }
  if (ctx.account.webhooks.length >= MAX_WEBHOOKS) {
    return problem(400, `An account can have at most ${MAX_WEBHOOKS} webhooks`);
  }
  const hook: KommoWebhook = {
    id: ctx.store.ids.next('webhook'),
    destination,
    created_at: ctx.nowSec,
    updated_at: ctx.nowSec,
    created_by: ctx.user.id,
    sort: sort ?? 1,
    disabled: false,
    settings,
    account_id: ctx.account.id,
  };
  ctx.account.webhooks.push(hook);

  return hal(render(hook));
}

/** Unsubscribe is by destination URL in the body, not by id (php WebhookModel). */
function unsubscribe(ctx: ApiContext) {
  const parsed = parseJson(ctx.call.body);
  const destination = parsed.ok && isRecord(parsed.value) ? parsed.value.destination : undefined;
  if (typeof destination !== 'string') {
    return validationFailed([{ index: 0, errors: [missing('destination')] }]);
  }
  ctx.account.webhooks = ctx.account.webhooks.filter((hook) => hook.destination !== destination);

  return noContent();
}

// Webhook management is admin-only (§11).
const adminOnly =
  (handle: (ctx: ApiContext) => ReturnType<typeof subscribe>) => (ctx: ApiContext) =>
    ctx.user.isAdmin ? handle(ctx) : problem(403, 'Only account administrators manage webhooks');

export const webhookRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/webhooks$/, handle: adminOnly(listWebhooks) },
  { method: 'POST', pattern: /^\/api\/v4\/webhooks$/, handle: adminOnly(subscribe) },
  { method: 'DELETE', pattern: /^\/api\/v4\/webhooks$/, handle: adminOnly(unsubscribe) },
];
