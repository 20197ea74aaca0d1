import { createHmac } from 'node:crypto';

export interface DisconnectHookQuery {
  client_uuid: string;
  account_id: string;
  signature: string;
}

/** Query Kommo sends to the disconnect URL: hex HMAC-SHA256 of `client_id|account_id` (§3). */
export function signDisconnect(
  clientId: string,
  clientSecret: string,
  accountId: number | string,
): DisconnectHookQuery {
  const signature = createHmac('sha256', clientSecret)
    .update(`${clientId}|${accountId}`)
    .digest('hex');

  return { client_uuid: clientId, account_id: String(accountId), signature };
}

export function disconnectHookUrl(
  hookUrl: string,
  clientId: string,
  clientSecret: string,
  accountId: number | string,
): string {
  const url = new URL(hookUrl);
  for (const [key, value] of Object.entries(signDisconnect(clientId, clientSecret, accountId))) {
    url.searchParams.set(key, value);
  }

  return url.toString();
}
