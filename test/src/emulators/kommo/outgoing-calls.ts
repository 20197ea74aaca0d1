import { disconnectHookUrl } from './disconnect';

export interface OutgoingAnswer {
  /** 0 when the receiver did not answer in time or refused the connection. */
  status: number;
  ms: number;
  url: string;
}

/** The install call: GET redirect_uri with code and referer; Kommo gives it 3 s, once (§2.2). */
export function installRedirectUrl(
  redirectUri: string,
  params: { code: string; referer: string; state?: string; clientId: string },
): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', params.code);
  url.searchParams.set('referer', params.referer);
  if (params.state === undefined) url.searchParams.set('from_widget', '1');
  else {
    // A user approving in the OAuth popup brings the state and client_id back instead.
    url.searchParams.set('state', params.state);
    url.searchParams.set('client_id', params.clientId);
  }

  return url.toString();
}

export const sendInstallCall = (url: string) => timedGet(url, 'Mozilla/5.0', 3000);

export function sendDisconnectCall(
  hookUrl: string,
  client: { clientId: string; clientSecret: string },
  accountId: number,
) {
  const url = disconnectHookUrl(hookUrl, client.clientId, client.clientSecret, accountId);

  return timedGet(url, 'amoService-oAuth-Code-Sender/1.0', 10_000);
}

async function timedGet(
  url: string,
  userAgent: string,
  timeoutMs: number,
): Promise<OutgoingAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      headers: { 'User-Agent': userAgent },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();

    return { status: response.status, ms: elapsed(), url };
  } catch {
    return { status: 0, ms: elapsed(), url };
  }
}
