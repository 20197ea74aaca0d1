import { KommoStore } from './kommo-store';
import { encodeLeadWebhook, LeadWebhookEvent } from './webhook-encoder';

export interface WebhookDelivery {
  accountId: number | null;
  destination: string;
  body: string;
  /** 0 when the destination did not answer within the deadline or refused the connection. */
  status: number;
  ms: number;
  at: number;
  valid: boolean;
}

export type LeadEventSetting = 'add_lead' | 'update_lead' | 'status_lead' | 'delete_lead';

export interface LeadNotification {
  setting: LeadEventSetting;
  event: LeadWebhookEvent;
}

// Kommo waits 2 s and disables a hook after >100 invalid answers in 2 h when the latest one is
// invalid too (KD webhooks-general). Retries are not modelled: their schedule is undocumented.
const DEADLINE_MS = 2000;
const DISABLE_WINDOW_MS = 2 * 3600 * 1000;
const DISABLE_THRESHOLD = 100;

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly invalidAt = new Map<string, number[]>();

  constructor(
    private readonly store: KommoStore,
    private readonly origin: () => string,
    private readonly nowMs: () => number,
    private readonly sparseFieldIndices: boolean,
  ) {}

  deliver(destination: string, body: string, accountId: number | null = null) {
    const sending = this.post(destination, body, accountId);
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));

    return sending;
  }

  /** One POST per enabled subscription, batching every event it subscribed to (§5.6). */
  async notifyLead(accountId: number, events: LeadNotification[]): Promise<WebhookDelivery[]> {
    const account = this.store.account(accountId);
    const subscriptions = [...account.webhooks]
      .filter((hook) => !hook.disabled)
      .sort((a, b) => a.sort - b.sort);
    const sends = subscriptions.flatMap((hook) => {
      const chosen = events.filter((item) => hook.settings.includes(item.setting));
      if (chosen.length === 0) return [];
      const body = encodeLeadWebhook({
        accountId,
        subdomain: account.subdomain,
        origin: this.origin(),
        events: chosen.map((item) => item.event),
        timezone: account.timezone,
        fieldOrder: this.sparseFieldIndices ? account.leadFields.map((f) => f.id) : undefined,
      });

      return [this.deliver(hook.destination, body, accountId)];
    });

    return Promise.all(sends);
  }

  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async post(destination: string, body: string, accountId: number | null) {
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(destination, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': 'amoCRM-WebHook-client/1.0',
        },
        body,
        signal: AbortSignal.timeout(DEADLINE_MS),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    const delivery: WebhookDelivery = {
      accountId,
      destination,
      body,
      status,
      ms: Math.round(performance.now() - started),
      at: this.nowMs(),
      valid: status >= 100 && status <= 299,
    };
    this.deliveries.push(delivery);
    this.trackValidity(delivery);

    return delivery;
  }

  private trackValidity(delivery: WebhookDelivery) {
    const since = delivery.at - DISABLE_WINDOW_MS;
    const invalid = (this.invalidAt.get(delivery.destination) ?? []).filter((at) => at > since);
    if (!delivery.valid) invalid.push(delivery.at);
    this.invalidAt.set(delivery.destination, invalid);
    if (delivery.valid || invalid.length <= DISABLE_THRESHOLD) return;
    for (const account of this.store.accounts.values()) {
      account.webhooks
        .filter((hook) => hook.destination === delivery.destination)
        .forEach((hook) => (hook.disabled = true));
    }
  }
}
