import { Inject, Injectable } from '@nestjs/common';
import { HEAP_REGION_BASE_URLS, HeapRegion } from '@heap-sync/shared';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { heapErrorFromException, heapErrorFromResponse, HeapValidationError } from './heap-error';
import {
  HeapTrackEvent,
  HeapUserProperties,
  validateHeapEvent,
  validateUserProperties,
} from './heap-rules';

/** Heap's bulk endpoints take at most 1,000 events or users per request. */
export const HEAP_BULK_LIMIT = 1000;

/**
 * Heap's ingestion API. Every item is validated before anything is sent, so one bad item fails
 * the whole call with a HeapValidationError. Bodies are sent in order; when a later chunk fails,
 * earlier ones stay sent, which is safe to retry: events carry idempotency keys and user
 * properties are last-write-wins.
 */
@Injectable()
export class HeapClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  baseUrl(region: HeapRegion): string {
    return this.config.heap.apiBaseUrl ?? HEAP_REGION_BASE_URLS[region];
  }

  /** Resolves with Heap's HTTP status (of the last request). */
  async track(region: HeapRegion, appId: string, events: HeapTrackEvent[]): Promise<number> {
    checkAppId(appId);
    events.forEach(validateHeapEvent);
    const url = `${this.baseUrl(region)}/api/track`;
    const redact = [appId, ...events.map((item) => item.identity)];

    if (events.length === 1) {
      return this.post(url, { app_id: appId, ...trackBody(events[0]) }, redact);
    }
    let status = 0;
    for (const chunk of chunks(events)) {
      status = await this.post(url, { app_id: appId, events: chunk.map(trackBody) }, redact);
    }

    return status;
  }

  async addUserProperties(
    region: HeapRegion,
    appId: string,
    users: HeapUserProperties[],
  ): Promise<void> {
    checkAppId(appId);
    users.forEach(validateUserProperties);
    const url = `${this.baseUrl(region)}/api/add_user_properties`;
    const redact = [appId, ...users.map((item) => item.identity)];

    if (users.length === 1) {
      await this.post(url, { app_id: appId, ...userBody(users[0]) }, redact);

      return;
    }
    for (const chunk of chunks(users)) {
      await this.post(url, { app_id: appId, users: chunk.map(userBody) }, redact);
    }
  }

  private async post(url: string, body: object, redact: string[]): Promise<number> {
    const { timeoutMs } = this.config.heap;
    let status: number;
    let text = '';

    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // A redirect would re-send customer data to wherever it points; treat it as a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text().catch(() => '');
    } catch (error) {
      throw heapErrorFromException(error, timeoutMs);
    }

    const failure = heapErrorFromResponse({ status, body: text }, redact);
    if (failure) throw failure;

    return status;
  }
}

function checkAppId(appId: string): void {
  if (!appId?.trim()) throw new HeapValidationError('app_id', 'The Heap app_id is empty');
}

function trackBody(event: HeapTrackEvent) {
  return {
    identity: event.identity,
    event: event.event,
    timestamp: event.timestamp,
    idempotency_key: event.idempotencyKey,
    properties: event.properties,
  };
}

function userBody(user: HeapUserProperties) {
  return { identity: user.identity, properties: user.properties };
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += HEAP_BULK_LIMIT) {
    result.push(items.slice(start, start + HEAP_BULK_LIMIT));
  }

  return result;
}
