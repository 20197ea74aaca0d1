import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export interface WidgetTokenClaims {
  accountId: number;
  userId?: number;
  isAdmin?: boolean;
  /** Scheme and host of our redirect URI, as Kommo puts it. */
  audience: string;
  secret: string;
  subdomain?: string;
  jti?: string;
  issuedAt?: number;
  /** Unix seconds; the issue time unless given. */
  notBefore?: number;
  lifetimeSeconds?: number;
}

/** A disposable token as Kommo's `$authorizedAjax` sends it (HS256, 30 minutes). */
export function signWidgetToken(claims: WidgetTokenClaims): Promise<string> {
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const subdomain = claims.subdomain ?? 'acme';

  return new SignJWT({
    account_id: claims.accountId,
    user_id: claims.userId ?? 1,
    subdomain,
    client_uuid: 'ignored-by-the-backend',
    ...(claims.isAdmin === undefined ? {} : { is_admin: claims.isAdmin }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(`https://${subdomain}.kommo.com`)
    .setAudience(claims.audience)
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(claims.notBefore ?? iat)
    .setExpirationTime(iat + (claims.lifetimeSeconds ?? 1800))
    .sign(new TextEncoder().encode(claims.secret));
}
