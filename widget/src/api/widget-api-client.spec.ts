import { SEGMENTS_API, WIDGET_API } from '@heap-sync/shared';
import type { AjaxDeferred, AjaxOptions, JqXhrLike } from '../kommo/kommo-types';
import { createWidgetApiClient } from './widget-api-client';
import { WidgetApiError } from './widget-api-error';

type Outcome = { data: unknown } | { xhr: JqXhrLike; textStatus: string; errorThrown: string };

function transport(outcome: Outcome) {
  const calls: AjaxOptions[] = [];
  const ajax = (options: AjaxOptions): AjaxDeferred => {
    calls.push(options);
    const deferred: AjaxDeferred = {
      done: (callback) => {
        if ('data' in outcome) queueMicrotask(() => callback(outcome.data));

        return deferred;
      },
      fail: (callback) => {
        if ('xhr' in outcome) {
          queueMicrotask(() => callback(outcome.xhr, outcome.textStatus, outcome.errorThrown));
        }

        return deferred;
      },
    };

    return deferred;
  };

  return { calls, client: createWidgetApiClient(ajax, 'https://api.test') };
}

describe('createWidgetApiClient', () => {
  it('sends JSON bodies to the backend origin and resolves with the answer', async () => {
    const { calls, client } = transport({ data: { ok: true, heapStatus: 200, message: 'sent' } });

    await expect(client.sendTestEvent({ identity: 'a@b.c' })).resolves.toEqual({
      ok: true,
      heapStatus: 200,
      message: 'sent',
    });
    expect(calls).toEqual([
      {
        url: `https://api.test${WIDGET_API.testEvent}`,
        method: 'POST',
        dataType: 'json',
        contentType: 'application/json',
        data: '{"identity":"a@b.c"}',
      },
    ]);
  });

  it('sends GET requests without a body', async () => {
    const { calls, client } = transport({ data: { leadId: 7 } });

    await client.getDealSync(7);

    expect(calls).toEqual([
      { url: `https://api.test${WIDGET_API.dealSync(7)}`, method: 'GET', dataType: 'json' },
    ]);
  });

  it('pages segment sync records with a query string', async () => {
    const { calls, client } = transport({ data: { records: [], total: 0 } });

    await client.getSegmentSyncRecords('sync-1', { limit: 50, offset: 100 });
    await client.getSegmentSyncRecords('sync-1', { state: 'failed', limit: 50, offset: 0 });

    expect(calls.map((call) => call.url)).toEqual([
      `https://api.test${SEGMENTS_API.syncRecords('sync-1')}?limit=50&offset=100`,
      `https://api.test${SEGMENTS_API.syncRecords('sync-1')}?limit=50&offset=0&state=failed`,
    ]);
  });

  it('uploads a CSV as the raw text/csv body', async () => {
    const { calls, client } = transport({ data: { accepted: 1 } });

    await client.uploadSegmentCsv('rule-1', 'identity\nann@example.com\n');

    expect(calls).toEqual([
      {
        url: `https://api.test${SEGMENTS_API.upload('rule-1')}`,
        method: 'POST',
        dataType: 'json',
        contentType: 'text/csv',
        data: 'identity\nann@example.com\n',
      },
    ]);
  });

  it("rejects with the backend's ApiErrorBody", async () => {
    const body = {
      statusCode: 422,
      code: 'invalid_settings',
      message: 'Invalid',
      fieldErrors: { heapAppId: 'Bad' },
    };
    const { client } = transport({
      xhr: { status: 422, responseJSON: body },
      textStatus: 'error',
      errorThrown: 'Unprocessable Entity',
    });

    const error = await client.getSettings().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WidgetApiError);
    expect((error as WidgetApiError).body).toEqual(body);
    expect((error as WidgetApiError).fieldErrors).toEqual({ heapAppId: 'Bad' });
  });

  it('reads the error body from responseText when jQuery did not parse it', async () => {
    const { client } = transport({
      xhr: {
        status: 403,
        responseText: '{"statusCode":403,"code":"forbidden","message":"Admins only"}',
      },
      textStatus: 'error',
      errorThrown: 'Forbidden',
    });

    await expect(client.getFields()).rejects.toMatchObject({
      isForbidden: true,
      message: 'Admins only',
    });
  });

  it('classifies an unreachable backend and a non-JSON answer', async () => {
    const offline = transport({ xhr: { status: 0 }, textStatus: 'error', errorThrown: '' });
    const html = transport({
      xhr: { status: 502, responseText: '<html>Bad gateway</html>' },
      textStatus: 'error',
      errorThrown: 'Bad Gateway',
    });
    const garbled = transport({
      xhr: { status: 200, responseText: 'not json' },
      textStatus: 'parsererror',
      errorThrown: 'SyntaxError',
    });

    await expect(offline.client.getPipelines()).rejects.toMatchObject({
      body: { statusCode: 0, code: 'network_error' },
    });
    await expect(html.client.getPipelines()).rejects.toMatchObject({
      body: { statusCode: 502, code: 'http_error', message: 'HTTP 502 Bad Gateway' },
    });
    await expect(garbled.client.getPipelines()).rejects.toMatchObject({
      body: { statusCode: 200, code: 'invalid_response' },
    });
  });

  it('rejects with a WidgetApiError when the transport throws', async () => {
    const client = createWidgetApiClient(() => {
      throw new Error('Neither $authorizedAjax nor jQuery.ajax is available');
    }, 'https://api.test');

    await expect(client.getSettings()).rejects.toBeInstanceOf(WidgetApiError);
  });
});
