import {
  BACKFILL_API,
  SEGMENTS_API,
  WIDGET_API,
  type BackfillProgressDto,
  type BackfillStatusResponse,
  type DealSyncResponse,
  type FieldsResponse,
  type InstallationSettings,
  type PipelinesResponse,
  type SegmentRulesInput,
  type SegmentsResponse,
  type SegmentSyncRecordsResponse,
  type SegmentSyncsResponse,
  type SegmentUploadResponse,
  type SegmentUserState,
  type SettingsResponse,
  type StartBackfillRequest,
  type TestEventRequest,
  type TestEventResponse,
  type webhookSecretSchema,
} from '@heap-sync/shared';
import type { z } from 'zod';
import type { AjaxOptions, AuthorizedAjax, HttpMethod } from '../kommo/kommo-types';
import { WidgetApiError } from './widget-api-error';

/** The body of `PUT` webhook-secret, as the shared schema reads it. */
export type WebhookSecretRequest = z.input<typeof webhookSecretSchema>;

/** One page of a segment sync's per-user records (`?state=&limit=&offset=`). */
export interface SegmentRecordsPage {
  state?: SegmentUserState;
  limit: number;
  offset: number;
}

/** Every backend call the widget makes; each rejects only with `WidgetApiError`. */
export interface WidgetApiClient {
  getSettings(): Promise<SettingsResponse>;
  saveSettings(settings: InstallationSettings): Promise<unknown>;
  getFields(): Promise<FieldsResponse>;
  getPipelines(): Promise<PipelinesResponse>;
  sendTestEvent(request: TestEventRequest): Promise<TestEventResponse>;
  getDealSync(leadId: number): Promise<DealSyncResponse>;
  retrySync(leadId: number, recordId: string): Promise<unknown>;
  getSegments(): Promise<SegmentsResponse>;
  saveSegmentRules(input: SegmentRulesInput): Promise<SegmentsResponse>;
  setHeapWebhookSecret(request: WebhookSecretRequest): Promise<SegmentsResponse>;
  rotateHeapWebhookUrl(): Promise<SegmentsResponse>;
  getSegmentSyncs(): Promise<SegmentSyncsResponse>;
  getSegmentSyncRecords(
    syncId: string,
    page: SegmentRecordsPage,
  ): Promise<SegmentSyncRecordsResponse>;
  uploadSegmentCsv(ruleId: string, csv: string): Promise<SegmentUploadResponse>;
  getBackfill(): Promise<BackfillStatusResponse>;
  startBackfill(request: StartBackfillRequest): Promise<BackfillProgressDto>;
}

function withQuery(path: string, { state, limit, offset }: SegmentRecordsPage): string {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });

  if (state) {
    query.set('state', state);
  }

  return `${path}?${query.toString()}`;
}

/**
 * Wraps `$authorizedAjax` (a jQuery Deferred that adds `X-Auth-Token`) in Promises. One call
 * per user action or query: the marketplace forbids requests in loops.
 */
export function createWidgetApiClient(ajax: AuthorizedAjax, baseUrl: string): WidgetApiClient {
  const send = <T>(method: HttpMethod, path: string, data?: string, contentType?: string) =>
    new Promise<T>((resolve, reject) => {
      const options: AjaxOptions = { url: `${baseUrl}${path}`, method, dataType: 'json' };

      if (data !== undefined) {
        options.data = data;
        options.contentType = contentType;
      }

      try {
        ajax(options)
          .done((answer) => resolve(answer as T))
          .fail((xhr, textStatus, errorThrown) =>
            reject(WidgetApiError.fromXhr(xhr, textStatus, errorThrown)),
          );
      } catch (error) {
        reject(WidgetApiError.fromUnknown(error));
      }
    });
  const request = <T>(method: HttpMethod, path: string, body?: unknown): Promise<T> =>
    body === undefined
      ? send<T>(method, path)
      : send<T>(method, path, JSON.stringify(body), 'application/json');

  return {
    getSettings: () => request('GET', WIDGET_API.settings),
    saveSettings: (settings) => request('PUT', WIDGET_API.settings, settings),
    getFields: () => request('GET', WIDGET_API.fields),
    getPipelines: () => request('GET', WIDGET_API.pipelines),
    sendTestEvent: (testEvent) => request('POST', WIDGET_API.testEvent, testEvent),
    getDealSync: (leadId) => request('GET', WIDGET_API.dealSync(leadId)),
    retrySync: (leadId, recordId) => request('POST', WIDGET_API.retry(leadId, recordId)),
    getSegments: () => request('GET', SEGMENTS_API.segments),
    saveSegmentRules: (input) => request('PUT', SEGMENTS_API.rules, input),
    setHeapWebhookSecret: (secret) => request('PUT', SEGMENTS_API.webhookSecret, secret),
    rotateHeapWebhookUrl: () => request('POST', SEGMENTS_API.rotateWebhookUrl),
    getSegmentSyncs: () => request('GET', SEGMENTS_API.syncs),
    getSegmentSyncRecords: (syncId, page) =>
      request('GET', withQuery(SEGMENTS_API.syncRecords(syncId), page)),
    // The backend reads uploads as raw text/csv, up to a larger size than its JSON limit.
    uploadSegmentCsv: (ruleId, csv) => send('POST', SEGMENTS_API.upload(ruleId), csv, 'text/csv'),
    getBackfill: () => request('GET', BACKFILL_API),
    startBackfill: (start) => request('POST', BACKFILL_API, start),
  };
}
