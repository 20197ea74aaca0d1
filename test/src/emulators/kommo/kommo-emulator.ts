import { startServer } from '../shared/http';
import { ContactInput, LeadInput } from './build-records';
import { CustomFieldInput, PipelineInput } from './build-structure';
import { controlRoutes } from './control-routes';
import { FailureRule, KommoGateway } from './kommo-gateway';
import { AccountInput, KommoStore } from './kommo-store';
import { KommoLead } from './kommo-types';
import { TokenRegistry } from './oauth/token-registry';
import { installRedirectUrl, sendDisconnectCall, sendInstallCall } from './outgoing-calls';
import { leadAdded, leadChanged, leadDeleted } from './lead-events';
import { WebhookSender } from './webhook-sender';

export interface KommoEmulatorOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  rateLimitPerSecond?: number;
  /** retry_after in the 429 body, in seconds. */
  retryAfterSeconds?: number;
  latencyMs?: number;
  port?: number;
  host?: string;
  /**
   * Clock for code and token lifetimes and entity timestamps; Date.now by default. The rate
   * limiter and the request log always use wall-clock time, since clients pace in real time.
   */
  now?: () => number;
  /** Index webhook custom_fields by the field's position in the account, so indices skip. */
  sparseWebhookFieldIndices?: boolean;
}

export interface SendOptions {
  sendWebhooks?: boolean;
}

export interface InstallOptions {
  userId?: number;
  /** Given: the OAuth-popup redirect (state, client_id); omitted: the install from Kommo's UI. */
  state?: string;
  referer?: string;
}

export type KommoEmulator = Awaited<ReturnType<typeof startKommoEmulator>>;

export async function startKommoEmulator(options: KommoEmulatorOptions) {
  const now = options.now ?? Date.now;
  const store = new KommoStore(now);
  let origin = '';
  const registry = new TokenRegistry(now, options.clientId, () => new URL(origin).host);
  const sender = new WebhookSender(
    store,
    () => origin,
    now,
    options.sparseWebhookFieldIndices ?? false,
  );
  const gateway = new KommoGateway({
    store,
    registry,
    oauth: options,
    now,
    origin: () => origin,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 7,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    latencyMs: options.latencyMs ?? 0,
  });

  const emulator = {
    get url() {
      return origin;
    },
    store,
    addAccount: (input: AccountInput) => store.addAccount(input),
    issueAuthCode: (accountId: number, userId?: number) =>
      registry.issueCode(accountId, userId ?? store.account(accountId).currentUserId),
    addLead(accountId: number, input: LeadInput, opts: SendOptions = {}): KommoLead {
      const lead = store.addLead(accountId, input);
      if (opts.sendWebhooks) void sender.notifyLead(accountId, leadAdded(lead));

      return lead;
    },
    /** Sends status_lead and update_lead (default) as one POST per subscribed destination. */
    async updateLead(accountId: number, leadId: number, patch: LeadInput, opts: SendOptions = {}) {
      const { before, after } = store.patchLead(accountId, leadId, patch);
      if (opts.sendWebhooks !== false) {
        await sender.notifyLead(accountId, leadChanged(before, after));
      }

      return after;
    },
    async deleteLead(accountId: number, leadId: number, opts: SendOptions = {}) {
      const { after } = store.patchLead(accountId, leadId, { is_deleted: true });
      if (opts.sendWebhooks !== false) await sender.notifyLead(accountId, leadDeleted(after));
    },
    addContact: (accountId: number, input: ContactInput) => store.addContact(accountId, input),
    linkContact: (accountId: number, leadId: number, contactId: number, isMain = true) =>
      store.linkContact(accountId, leadId, contactId, isMain),
    addLeadCustomField: (accountId: number, field: CustomFieldInput) =>
      store.addCustomField(accountId, 'leads', field),
    addContactCustomField: (accountId: number, field: CustomFieldInput) =>
      store.addCustomField(accountId, 'contacts', field),
    addPipeline: (accountId: number, pipeline: PipelineInput) =>
      store.addPipeline(accountId, pipeline),
    deliverWebhook: (destination: string, formBody: string) =>
      sender.deliver(destination, formBody),
    /** Waits for every webhook POST still in flight (addLead sends without waiting). */
    settleWebhooks: () => sender.settle(),
    get notes() {
      return store.notes;
    },
    get tasks() {
      return store.tasks;
    },
    get webhooks() {
      return new Map([...store.accounts.values()].map((account) => [account.id, account.webhooks]));
    },
    get webhookDeliveries() {
      return sender.deliveries;
    },
    requests: gateway.requests,
    tokenRequests: gateway.tokenRequests,
    expireAccessTokens: (accountId: number) => registry.expireAccessTokens(accountId),
    revokeRefreshTokens: (accountId: number) => registry.revokeRefreshTokens(accountId),
    setBanned(banned: boolean) {
      gateway.banned = banned;
    },
    failNext(rule: FailureRule) {
      gateway.failures.push({ ...rule });
    },
    setLatency(ms: number) {
      gateway.latencyMs = ms;
    },
    async sendInstallRedirect(accountId: number, opts: InstallOptions = {}) {
      const account = store.account(accountId);
      const code = emulator.issueAuthCode(accountId, opts.userId);
      const referer = opts.referer ?? `${account.subdomain}.kommo.com`;
      const params = { code, referer, state: opts.state, clientId: options.clientId };

      return sendInstallCall(installRedirectUrl(options.redirectUri, params));
    },
    /** Uninstall: tokens are revoked first, then the signed GET reaches the hook (§2.3, §3). */
    async sendDisconnectHook(hookUrl: string, accountId: number) {
      registry.revokeAll(accountId);

      return sendDisconnectCall(hookUrl, options, accountId);
    },
    close: async () => {
      await sender.settle();
      await running.close();
    },
  };

  const control = controlRoutes(emulator);
  const running = await startServer(
    (call) => (call.path.startsWith('/__emulator/') ? control(call) : gateway.handle(call)),
    options.port ?? 0,
    options.host ?? '127.0.0.1',
  );
  origin = running.url;

  return emulator;
}
