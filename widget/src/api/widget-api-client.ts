import {
  WIDGET_API,
  type DealSyncResponse,
  type FieldsResponse,
  type InstallationSettings,
  type PipelinesResponse,
  type SettingsResponse,
  type TestEventRequest,
  type TestEventResponse,
} from '@heap-sync/shared';
import type { AjaxOptions, AuthorizedAjax, HttpMethod } from '../kommo/kommo-types';
import { WidgetApiError } from './widget-api-error';

/** Every backend call the widget makes; each rejects only with `WidgetApiError`. */
export interface WidgetApiClient {
  getSettings(): Promise<SettingsResponse>;
  saveSettings(settings: InstallationSettings): Promise<unknown>;
  getFields(): Promise<FieldsResponse>;
  getPipelines(): Promise<PipelinesResponse>;
  sendTestEvent(request: TestEventRequest): Promise<TestEventResponse>;
  getDealSync(leadId: number): Promise<DealSyncResponse>;
  retrySync(leadId: number, recordId: string): Promise<unknown>;
}

/**
 * Wraps `$authorizedAjax` (a jQuery Deferred that adds `X-Auth-Token`) in Promises. One call
 * per user action or query: the marketplace forbids requests in loops.
 */
export function createWidgetApiClient(ajax: AuthorizedAjax, baseUrl: string): WidgetApiClient {
  const request = <T>(method: HttpMethod, path: string, body?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const options: AjaxOptions = { url: `${baseUrl}${path}`, method, dataType: 'json' };

      if (body !== undefined) {
        options.data = JSON.stringify(body);
        options.contentType = 'application/json';
      }

      try {
        ajax(options)
          .done((data) => resolve(data as T))
          .fail((xhr, textStatus, errorThrown) =>
            reject(WidgetApiError.fromXhr(xhr, textStatus, errorThrown)),
          );
      } catch (error) {
        reject(WidgetApiError.fromUnknown(error));
      }
    });

  return {
    getSettings: () => request('GET', WIDGET_API.settings),
    saveSettings: (settings) => request('PUT', WIDGET_API.settings, settings),
    getFields: () => request('GET', WIDGET_API.fields),
    getPipelines: () => request('GET', WIDGET_API.pipelines),
    sendTestEvent: (testEvent) => request('POST', WIDGET_API.testEvent, testEvent),
    getDealSync: (leadId) => request('GET', WIDGET_API.dealSync(leadId)),
    retrySync: (leadId, recordId) => request('POST', WIDGET_API.retry(leadId, recordId)),
  };
}
