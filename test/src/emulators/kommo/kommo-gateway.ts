import qs, { ParsedQs } from 'qs';
import { IncomingCall, Reply, sleep } from '../shared/http';
import { SlidingWindow } from '../shared/sliding-window';
import { KommoStore } from './kommo-store';
import { handleTokenRequest, OAuthClientConfig, TokenRequestRecord } from './oauth/token-endpoint';
import { TokenRegistry } from './oauth/token-registry';
import { bannedPage, problem } from './replies';
import { apiRoutes } from './routes';

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, unknown>;
  accountId: number | null;
  /** Arrival wall-clock time in ms (Date.now), the time base of the rate limiter. */
  at: number;
  status: number;
}

export interface FailureRule {
  method?: string;
  pathPrefix: string;
  status: number;
  times: number;
  body?: unknown;
}

export interface GatewayOptions {
  store: KommoStore;
  registry: TokenRegistry;
  oauth: OAuthClientConfig;
  now: () => number;
  origin: () => string;
  rateLimitPerSecond: number;
  retryAfterSeconds: number;
  latencyMs: number;
}

// Filters nest three levels deep (filter[statuses][0][status_id]) and id lists can be long.
const QUERY_OPTIONS = { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 };

/** Every call to the emulated Kommo origin: ban, rate limit, injected failures, auth, routes. */
export class KommoGateway {
  readonly requests: RequestRecord[] = [];
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly failures: FailureRule[] = [];
  banned = false;
  latencyMs: number;
  private readonly limiter: SlidingWindow;

  constructor(private readonly options: GatewayOptions) {
    this.latencyMs = options.latencyMs;
    this.limiter = new SlidingWindow(1000, options.rateLimitPerSecond);
  }

  async handle(call: IncomingCall): Promise<Reply> {
    const query = qs.parse(call.rawQuery, QUERY_OPTIONS);
    const record: RequestRecord = {
      method: call.method,
      path: call.path,
      query,
      accountId: this.peekAccount(call),
      at: Date.now(),
      status: 0,
    };
    this.requests.push(record);
    const reply = this.dispatch(call, record);
    record.status = reply.status;
    if (this.latencyMs > 0) await sleep(this.latencyMs);

    return reply;
  }

  private dispatch(call: IncomingCall, record: RequestRecord): Reply {
    if (this.banned) return bannedPage();
    if (!this.limiter.tryAcquire(record.at)) {
      const { rateLimitPerSecond: limit, retryAfterSeconds } = this.options;
      const detail = `You have sent too many requests. Limit: ${limit} per second`;

      return problem(429, detail, { retry_after: retryAfterSeconds });
    }
    const injected = this.takeFailure(call);
    if (injected) return injected;
    if (call.path === '/oauth2/access_token') return this.token(call, record);
    if (call.path.startsWith('/api/v4/')) return this.api(call, record.query as ParsedQs);

    return problem(404, `No route for ${call.method} ${call.path}`);
  }

  private token(call: IncomingCall, record: RequestRecord): Reply {
    if (call.method !== 'POST') return problem(405, 'Use POST');
    const { registry, oauth, now } = this.options;
    const { reply, record: logged } = handleTokenRequest(call, registry, oauth, now());
    record.accountId = logged.accountId;
    this.tokenRequests.push({ at: record.at, ...logged });

    return reply;
  }

  private api(call: IncomingCall, query: ParsedQs): Reply {
    const token = /^Bearer\s+(\S+)$/i.exec(String(call.headers.authorization ?? ''))?.[1];
    const auth = token ? this.options.registry.authenticate(token) : null;
    if (!auth?.ok) return problem(401, auth ? auth.hint : 'Authorization header is missing');
    const { store } = this.options;
    const account = store.account(auth.value.accountId);
    const userId = auth.value.userId;
    const user = account.users.find((u) => u.id === userId) ?? {
      id: userId,
      name: '',
      isAdmin: false,
    };

    let pathMatched = false;
    for (const route of apiRoutes) {
      const match = route.pattern.exec(call.path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== call.method) continue;
      const ctx = {
        call,
        query,
        params: match.slice(1),
        account,
        user,
        store,
        origin: this.options.origin(),
        nowSec: store.nowSec(),
      };

      return route.handle(ctx);
    }

    return pathMatched
      ? problem(405, `${call.method} is not allowed here`)
      : problem(404, 'Not found');
  }

  private takeFailure(call: IncomingCall): Reply | null {
    const rule = this.failures.find(
      (candidate) =>
        candidate.times > 0 &&
        call.path.startsWith(candidate.pathPrefix) &&
        (!candidate.method || candidate.method.toUpperCase() === call.method),
    );
    if (!rule) return null;
    rule.times -= 1;
    if (rule.body === undefined) return problem(rule.status, 'Injected failure');
    if (typeof rule.body === 'string') return { status: rule.status, text: rule.body };

    return { status: rule.status, json: rule.body, contentType: 'application/problem+json' };
  }

  private peekAccount(call: IncomingCall): number | null {
    const token = /^Bearer\s+(\S+)$/i.exec(String(call.headers.authorization ?? ''))?.[1];

    return token ? this.options.registry.accountOfAccess(token) : null;
  }
}
