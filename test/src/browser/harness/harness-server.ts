import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readZip } from '../../../../widget/src/test-utils/read-zip';
import { signWidgetToken } from '../../support/widget-token';
import {
  harnessPage,
  type HarnessArea,
  type HarnessPageConfig,
  type HarnessTheme,
} from './harness-page';

const TEST_ROOT = path.resolve(__dirname, '../../..');
const WIDGET_CODE = 'hs_e2e_widget';
// Where Kommo serves an uploaded widget's files from.
const WIDGET_PATH = `/upl/${WIDGET_CODE}/widget`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

/** The Kommo account and user the harness signs tokens for, and where the backend is. */
export interface HarnessTarget {
  backendUrl: string;
  /** The token's `aud`: the scheme and host of the backend's redirect URI. */
  audience: string;
  secret: string;
  accountId: number;
  subdomain: string;
  userId: number;
  isAdmin: boolean;
}

export interface PageOptions {
  theme?: HarnessTheme;
  leadId?: number;
}

export type WidgetHarness = Awaited<ReturnType<typeof startWidgetHarness>>;

/**
 * A tiny web server on loopback playing Kommo's web app: the harness pages, RequireJS and
 * jQuery, the widget's files unpacked from widget.zip as uploaded, and a token endpoint that
 * signs a disposable token per call, as Kommo does behind `$authorizedAjax`.
 */
export async function startWidgetHarness(zipPath: string) {
  const files = new Map<string, Buffer>([
    ['/vendor/require.js', readFileSync(require.resolve('requirejs/require.js'))],
    ['/vendor/jquery.js', readFileSync(path.join(TEST_ROOT, 'node_modules/jquery/dist/jquery.js'))],
    ['/harness/kommo-host.js', readFileSync(path.join(__dirname, 'kommo-host.js'))],
  ]);
  for (const entry of readZip(readFileSync(zipPath))) {
    files.set(`${WIDGET_PATH}/${entry.name}`, entry.data);
  }
  const manifest = JSON.parse(files.get(`${WIDGET_PATH}/manifest.json`)!.toString('utf8'));
  const pages: Record<string, HarnessArea> = {
    '/settings': 'advanced_settings',
    '/modal': 'settings',
    '/card': 'lcard',
  };
  let target: HarnessTarget | null = null;
  let tokensIssued = 0;

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://harness.invalid');
    const file = files.get(url.pathname);
    if (req.method === 'GET' && file) {
      return send(res, 200, file, CONTENT_TYPES[path.extname(url.pathname)] ?? 'text/plain');
    }
    const area = pages[url.pathname];
    if (req.method === 'GET' && area && target) {
      const config: HarnessPageConfig = {
        area,
        theme: url.searchParams.get('theme') === 'dark' ? 'dark' : 'light',
        widgetCode: WIDGET_CODE,
        widgetPath: WIDGET_PATH,
        widgetVersion: manifest.widget.version,
        backendUrl: target.backendUrl,
        accountId: target.accountId,
        subdomain: target.subdomain,
        userId: target.userId,
        isAdmin: target.isAdmin,
        leadId: Number(url.searchParams.get('lead') ?? 0),
      };

      return send(res, 200, harnessPage(config), CONTENT_TYPES['.html']);
    }
    if (req.method === 'POST' && url.pathname === '/harness/token' && target) {
      const { accountId, userId, isAdmin, audience, secret, subdomain } = target;
      tokensIssued += 1;
      void signWidgetToken({ accountId, userId, isAdmin, audience, secret, subdomain }).then(
        (token) => send(res, 200, JSON.stringify({ token }), CONTENT_TYPES['.json']),
      );

      return;
    }
    send(res, 404, 'Not found', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    widgetCode: WIDGET_CODE,
    /** Tokens signed so far; `$authorizedAjax` asks for one per backend call. */
    get tokensIssued() {
      return tokensIssued;
    },
    connect(next: HarnessTarget) {
      target = next;
    },
    url(page: 'settings' | 'modal' | 'card', options: PageOptions = {}) {
      const query = new URLSearchParams({ theme: options.theme ?? 'light' });
      if (options.leadId !== undefined) query.set('lead', String(options.leadId));

      return `${origin}/${page}?${query.toString()}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The browser keeps connections alive; they must not hold the close open.
        server.closeAllConnections();
      }),
  };
}
