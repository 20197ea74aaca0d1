import type { BrowserContext, Page } from 'playwright-core';

interface HarnessState {
  callbacks: string[];
  errors: string[];
  tokens: number;
  mountedSlots: string[];
}

export interface BackendCall {
  method: string;
  path: string;
  token: string | undefined;
  status?: number;
}

export interface WidgetPage {
  page: Page;
  /** Every request the page sent to the backend (CORS preflights are not listed). */
  backendCalls: BackendCall[];
  /** Requests to anywhere but the harness and the backend: the widget must make none. */
  strayRequests: string[];
  /** Console errors and uncaught exceptions. */
  pageErrors: string[];
  state(): Promise<HarnessState>;
}

type HarnessWindow = typeof globalThis & {
  HARNESS: { ready: boolean; callbacks: string[]; errors: string[]; tokens: number };
  __HEAP_SYNC_WIDGET__?: { instances: { mountedSlots: () => string[] }[] };
};

/** Opens a harness page and waits until the harness has called the widget's callbacks. */
export async function openWidgetPage(
  context: BrowserContext,
  url: string,
  backendUrl: string,
): Promise<WidgetPage> {
  const page = await context.newPage();
  const harnessOrigin = new URL(url).origin;
  const opened: WidgetPage = {
    page,
    backendCalls: [],
    strayRequests: [],
    pageErrors: [],
    state: () =>
      page.evaluate(() => {
        const scope = globalThis as HarnessWindow;
        const latest = scope.__HEAP_SYNC_WIDGET__?.instances.at(-1);

        return {
          callbacks: [...scope.HARNESS.callbacks],
          errors: [...scope.HARNESS.errors],
          tokens: scope.HARNESS.tokens,
          mountedSlots: latest ? latest.mountedSlots() : [],
        };
      }),
  };
  const calls = new Map<object, BackendCall>();

  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.origin === backendUrl) {
      const call = {
        method: request.method(),
        path: target.pathname,
        token: request.headers()['x-auth-token'],
      };
      calls.set(request, call);
      opened.backendCalls.push(call);
    } else if (target.origin !== harnessOrigin) {
      opened.strayRequests.push(request.url());
    }
  });
  page.on('response', (response) => {
    const call = calls.get(response.request());
    if (call) call.status = response.status();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      opened.pageErrors.push(`${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));

  await page.goto(url);
  await page.waitForFunction(() => (globalThis as HarnessWindow).HARNESS?.ready === true);

  return opened;
}

/** WCAG contrast ratio of an element's text colour against its background colour. */
export async function contrastOf(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const style = getComputedStyle(element);
      const luminance = (color: string) => {
        const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((part) => {
          const channel = Number(part) / 255;

          return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
        });

        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort(
        (a, b) => b - a,
      );

      return (light + 0.05) / (dark + 0.05);
    });
}
