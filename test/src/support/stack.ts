import { HeapEmulator, startHeapEmulator } from '../emulators/heap';
import { KommoEmulator, startKommoEmulator } from '../emulators/kommo';
import { freePort } from './free-port';
import { startTestApp, TEST_CLIENT_ID, TEST_CLIENT_SECRET, TestApp } from './test-app';
import { signWidgetToken } from './widget-token';

export interface Stack {
  app: TestApp;
  kommo: KommoEmulator;
  heap: HeapEmulator;
  /** A fresh signed widget token for an account (admin unless told otherwise). */
  token(accountId: number, opts?: { userId?: number; isAdmin?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: NodeJS.ProcessEnv;
  kommoRateLimit?: number;
}

/** The real backend between the Kommo and Heap emulators, on loopback. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${publicUrl}/api/kommo/oauth/callback`;
  const kommo = await startKommoEmulator({
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    redirectUri,
    rateLimitPerSecond: options.kommoRateLimit ?? 7,
  });
  const heap = await startHeapEmulator();
  const app = await startTestApp(
    {
      PUBLIC_URL: publicUrl,
      KOMMO_API_BASE_URL: kommo.url,
      HEAP_API_BASE_URL: heap.url,
      SYNC_RETRY_DELAY_SECONDS: '1',
      ...options.env,
    },
    port,
  );

  return {
    app,
    kommo,
    heap,
    token: (accountId, opts = {}) =>
      signWidgetToken({
        accountId,
        userId: opts.userId,
        isAdmin: opts.isAdmin ?? true,
        audience: publicUrl,
        secret: TEST_CLIENT_SECRET,
      }),
    close: async () => {
      await app.close();
      await kommo.close();
      await heap.close();
    },
  };
}

/** Polls until `check` returns a truthy value, or fails with `what` after the deadline. */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
