import type { AjaxDeferred, AjaxOptions, AuthorizedAjax, JqXhrLike } from '../kommo/kommo-types';

export const TEST_BACKEND_URL = 'https://heap-sync.test';

export interface Reply {
  status?: number;
  body?: unknown;
}

export interface RecordedCall {
  method: string;
  /** Without the query string, which is in `query`. */
  path: string;
  query: Record<string, string>;
  options: AjaxOptions;
  /** Parsed when sent as JSON, else the raw text (e.g. an uploaded CSV). */
  body: unknown;
}

type Route = Reply | ((call: RecordedCall) => Reply | Promise<Reply>);

type Outcome = { ok: true; data: unknown } | { ok: false; xhr: JqXhrLike };

/** A jQuery-Deferred-like object over a Promise: just `done` and `fail`, as `$authorizedAjax`. */
function deferredFrom(outcome: Promise<Outcome>): AjaxDeferred {
  const deferred: AjaxDeferred = {
    done(callback) {
      void outcome.then((result) => result.ok && callback(result.data));

      return deferred;
    },
    fail(callback) {
      void outcome.then(
        (result) => !result.ok && callback(result.xhr, 'error', result.xhr.statusText ?? ''),
      );

      return deferred;
    },
  };

  return deferred;
}

/**
 * Stands in for Kommo's `$authorizedAjax`, the only thing component tests replace. Routes are
 * keyed "METHOD /path" (no query string); unknown routes answer 404 with an `ApiErrorBody`.
 */
export function createFakeAjax(
  initialRoutes: Record<string, Route> = {},
  baseUrl = TEST_BACKEND_URL,
) {
  const routes = new Map(Object.entries(initialRoutes));
  const calls: RecordedCall[] = [];

  const ajax: AuthorizedAjax = (options) => {
    const target = options.url.startsWith(baseUrl)
      ? options.url.slice(baseUrl.length)
      : options.url;
    const [path, search = ''] = target.split('?');
    const isJson = options.contentType === 'application/json';
    const call: RecordedCall = {
      method: options.method,
      path,
      query: Object.fromEntries(new URLSearchParams(search)),
      options,
      body: options.data !== undefined && isJson ? JSON.parse(options.data) : options.data,
    };

    calls.push(call);

    const route = routes.get(`${options.method} ${path}`);
    const outcome = Promise.resolve(
      typeof route === 'function'
        ? route(call)
        : (route ?? {
            status: 404,
            body: { statusCode: 404, code: 'not_found', message: `No route ${path}` },
          }),
    ).then(({ status = 200, body }): Outcome => {
      if (status < 400) {
        return { ok: true, data: body };
      }

      return { ok: false, xhr: { status, statusText: 'Error', responseJSON: body } };
    });

    return deferredFrom(outcome);
  };

  return {
    ajax,
    calls,
    route(key: string, route: Route) {
      routes.set(key, route);
    },
    callsTo(method: string, path: string) {
      return calls.filter((call) => call.method === method && call.path === path);
    },
  };
}

export type FakeAjax = ReturnType<typeof createFakeAjax>;
