import { STATUS_CODES } from 'node:http';
import { IncomingCall, isRecord, parseJson, Reply, sleep, startServer } from '../shared/http';
import { HeapLimits } from './heap-limits';
import { rejected, routeHeapCall } from './heap-routes';
import { HeapStore } from './heap-store';

export interface HeapEmulatorOptions {
  latencyMs?: number;
  port?: number;
  host?: string;
  /** Heap reportedly accepts any app_id silently (§3); set true to refuse unknown ones. */
  rejectUnknownAppIds?: boolean;
  knownAppIds?: string[];
  /** Clock for rate limits and arrival times; Date.now by default. */
  now?: () => number;
}

export interface HeapRequestRecord {
  path: string;
  host: string;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: unknown;
  status: number;
  at: number;
}

export interface HeapFailureRule {
  status: number;
  times: number;
  path?: string;
}

export type HeapEmulator = Awaited<ReturnType<typeof startHeapEmulator>>;

export async function startHeapEmulator(options: HeapEmulatorOptions = {}) {
  const now = options.now ?? Date.now;
  const store = new HeapStore();
  const limits = new HeapLimits();
  const requests: HeapRequestRecord[] = [];
  const failures: HeapFailureRule[] = [];
  const known = new Set(options.knownAppIds ?? []);
  let latencyMs = options.latencyMs ?? 0;
  const ctx = {
    store,
    limits,
    now,
    isKnownApp: (appId: string) => !options.rejectUnknownAppIds || known.has(appId),
  };

  function dispatch(call: IncomingCall, parsed: ReturnType<typeof parseJson>): Reply {
    const failure = failures.find((r) => r.times > 0 && (!r.path || call.path.startsWith(r.path)));
    if (failure) {
      failure.times -= 1;

      return { status: failure.status, text: STATUS_CODES[failure.status] ?? 'Error' };
    }
    if (call.method !== 'POST') return { status: 404, text: 'Not Found' };
    if (!parsed.ok) return rejected('postBody should be valid JSON');
    if (!isRecord(parsed.value)) return rejected('postBody should be object');

    return routeHeapCall(call.path, parsed.value, ctx) ?? { status: 404, text: 'Not Found' };
  }

  async function handle(call: IncomingCall): Promise<Reply> {
    if (call.path.startsWith('/__emulator/')) return control(call);
    const parsed = parseJson(call.body);
    const body = parsed.ok ? parsed.value : call.body.toString('utf8');
    const host = String(call.headers.host ?? '');
    const record: HeapRequestRecord = { path: call.path, host, body, status: 0, at: now() };
    requests.push(record);
    const reply = dispatch(call, parsed);
    record.status = reply.status;
    if (latencyMs > 0) await sleep(latencyMs);

    return reply;
  }

  // For the CLI: read what was stored, or start over, without a test process.
  function control(call: IncomingCall): Reply {
    const plain = (table: typeof store.userProperties) =>
      Object.fromEntries([...table].map(([app, ids]) => [app, Object.fromEntries(ids)]));
    const views: Record<string, () => unknown> = {
      'GET /__emulator/events': () => store.events,
      'GET /__emulator/user-properties': () => plain(store.userProperties),
      'GET /__emulator/account-properties': () => plain(store.accountProperties),
      'GET /__emulator/requests': () => requests,
      'POST /__emulator/reset': () => heap.reset(),
    };
    const view = views[`${call.method} ${call.path}`];

    return view
      ? { status: 200, json: view() ?? {} }
      : { status: 404, text: 'unknown control route' };
  }

  const running = await startServer(handle, options.port ?? 0, options.host ?? '127.0.0.1');
  const heap = {
    url: running.url,
    events: store.events,
    duplicateEvents: store.duplicates,
    userProperties: store.userProperties,
    accountProperties: store.accountProperties,
    identifies: store.identifies,
    requests,
    failNext(rule: HeapFailureRule) {
      failures.push({ ...rule });
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    /** Forgets stored data, the request log, pending failures and rate-limit windows. */
    reset() {
      store.reset();
      limits.reset();
      requests.length = 0;
      failures.length = 0;
    },
    close: () => running.close(),
  };

  return heap;
}
