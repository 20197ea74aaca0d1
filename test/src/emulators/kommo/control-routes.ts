import { IncomingCall, isRecord, parseJson, Reply } from '../shared/http';
import type { KommoEmulator } from './kommo-emulator';

type Body = Record<string, unknown>;
type Control = (emulator: KommoEmulator, params: number[], body: Body) => unknown;

// Seeding over HTTP for the CLI (demo, manual runs). Outside /api and /oauth2, never rate
// limited or logged, so nothing here changes what a client of the real API can observe.
const ROUTES: Array<{ method: string; pattern: RegExp; run: Control }> = [
  {
    method: 'POST',
    pattern: /^\/__emulator\/accounts$/,
    run: (kommo, _, body) => summary(kommo.addAccount(body as never)),
  },
  {
    method: 'POST',
    pattern: /^\/__emulator\/accounts\/(\d+)\/auth-codes$/,
    run: (kommo, [id], body) => ({ code: kommo.issueAuthCode(id, body.userId as number) }),
  },
  {
    method: 'POST',
    pattern: /^\/__emulator\/accounts\/(\d+)\/leads$/,
    run: (kommo, [id], body) =>
      kommo.addLead(id, body, { sendWebhooks: body.sendWebhooks === true }),
  },
  {
    method: 'PATCH',
    pattern: /^\/__emulator\/accounts\/(\d+)\/leads\/(\d+)$/,
    run: (kommo, [id, leadId], body) => kommo.updateLead(id, leadId, body),
  },
  {
    method: 'POST',
    pattern: /^\/__emulator\/accounts\/(\d+)\/contacts$/,
    run: (kommo, [id], body) => kommo.addContact(id, body as never),
  },
  {
    method: 'POST',
    pattern: /^\/__emulator\/accounts\/(\d+)\/leads\/(\d+)\/contacts\/(\d+)$/,
    run: (kommo, [id, leadId, contactId], body) =>
      kommo.linkContact(id, leadId, contactId, body.isMain !== false),
  },
  { method: 'GET', pattern: /^\/__emulator\/requests$/, run: (kommo) => kommo.requests },
  {
    method: 'GET',
    pattern: /^\/__emulator\/webhook-deliveries$/,
    run: (kommo) => kommo.webhookDeliveries,
  },
  {
    method: 'POST',
    pattern: /^\/__emulator\/ban$/,
    run: (kommo, _, body) => kommo.setBanned(body.banned === true),
  },
];

const summary = (account: { id: number; subdomain: string; currentUserId: number }) => ({
  id: account.id,
  subdomain: account.subdomain,
  currentUserId: account.currentUserId,
});

export function controlRoutes(emulator: KommoEmulator) {
  return async (call: IncomingCall): Promise<Reply> => {
    const route = ROUTES.find((r) => r.method === call.method && r.pattern.test(call.path));
    if (!route) return { status: 404, text: 'unknown control route' };
    const params = (route.pattern.exec(call.path) ?? []).slice(1).map(Number);
    const parsed = call.body.length > 0 ? parseJson(call.body) : { ok: true, value: {} };
    if (!parsed.ok || !isRecord(parsed.value))
      return { status: 400, text: 'body must be a JSON object' };
    try {
      const result = await route.run(emulator, params, parsed.value);

      return { status: 200, json: result ?? {} };
    } catch (error) {
      return { status: 400, text: (error as Error).message };
    }
  };
}
