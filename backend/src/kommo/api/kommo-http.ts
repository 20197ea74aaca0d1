import { Inject, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'qs';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import {
  classifyApiResponse,
  classifyNetworkError,
  isBan,
  KommoApiError,
  KommoErrorCategory,
  RecordedResponse,
} from './kommo-api.error';
import { RequestPacer } from './request-pacer';

export interface KommoHttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  accessToken?: string;
}

/** After an HTML 403 Kommo bans the IP for a while; hammering it makes the ban longer. */
const BAN_PAUSE_MS = 15 * 60 * 1000;
/** Longer pauses are not waited out in-line: the caller gets RateLimited and retries later. */
const MAX_INLINE_WAIT_MS = 10_000;
/**
 * Reads go first when both wait: a sync batch waits on its reads, while nobody waits on a note.
 * Readers pause between batches, so writes still get their turn.
 */
const READ_PRIORITY = 4;
const WRITE_PRIORITY = 5;

/**
 * Every request to Kommo, for all accounts, leaves through here: one pacer spaces them so this
 * process stays under KOMMO_MAX_RPS in any second, a 429 pauses everyone for its `retry_after`,
 * and an HTML 403 stops all traffic and raises an alert.
 *
 * Known shortcoming: the limiter is per process. Several worker processes share Kommo's 7 rps,
 * so an operator running N of them must set KOMMO_MAX_RPS to 7 / N or risk 429s.
 */
@Injectable()
export class KommoHttp {
  private readonly logger = new Logger(KommoHttp.name);
  private readonly pacer: RequestPacer;
  private pausedUntil = 0;
  private bannedUntil = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pacer = new RequestPacer(config.kommo.maxRequestsPerSecond);
  }

  /** Where calls for an account go: its own origin, or the emulator in tests and the demo. */
  baseUrl(origin: string): string {
    return this.config.kommo.apiBaseUrl ?? origin;
  }

  async send(origin: string, request: KommoHttpRequest): Promise<RecordedResponse> {
    for (;;) {
      this.failFastWhilePaused();
      await sleep(this.pausedUntil - Date.now());
      await this.pacer.acquire(request.method === 'GET' ? READ_PRIORITY : WRITE_PRIORITY);
      // A 429 that arrived while this request waited pauses it too.
      if (Date.now() >= this.pausedUntil) return this.fetch(origin, request);
    }
  }

  /** Sends and throws a classified KommoApiError for anything but 2xx. */
  async json<T>(origin: string, request: KommoHttpRequest): Promise<T | null> {
    const response = await this.send(origin, request);
    if (response.status < 200 || response.status >= 300) throw classifyApiResponse(response);
    if (response.status === 204 || !response.body.trim()) return null;

    return JSON.parse(response.body) as T;
  }

  private async fetch(origin: string, request: KommoHttpRequest): Promise<RecordedResponse> {
    const query = request.query ? stringify(request.query, { encodeValuesOnly: true }) : '';
    const url = `${this.baseUrl(origin)}${request.path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'heap-sync-for-kommo/0.1',
      'X-Client-UUID': this.config.kommo.clientId,
    };
    if (request.accessToken) headers.Authorization = `Bearer ${request.accessToken}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.config.kommo.timeoutMs),
      });
    } catch (error) {
      throw classifyNetworkError(error);
    }
    const recorded = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.text().catch(() => ''),
    };
    this.watch(recorded);

    return recorded;
  }

  private failFastWhilePaused(): void {
    const now = Date.now();
    if (now < this.bannedUntil) {
      throw new KommoApiError(KommoErrorCategory.Forbidden, 'Kommo traffic is paused after a ban');
    }
    if (this.pausedUntil - now > MAX_INLINE_WAIT_MS) {
      const wait = this.pausedUntil - now;
      throw new KommoApiError(KommoErrorCategory.RateLimited, 'Kommo rate limit', 429, wait);
    }
  }

  private watch(response: RecordedResponse): void {
    if (response.status !== 429 && response.status !== 403) return;
    const error = classifyApiResponse(response);
    if (error.category === KommoErrorCategory.RateLimited) {
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + (error.retryAfterMs ?? 1000));
      this.logger.warn({ retryAfterMs: error.retryAfterMs }, 'Kommo rate limit hit; pausing');
    } else if (isBan(response)) {
      this.bannedUntil = Date.now() + BAN_PAUSE_MS;
      this.logger.error({ alert: true, pauseMs: BAN_PAUSE_MS }, 'Kommo banned this IP; pausing');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
