import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const CODE_TTL_MS = 20 * 60 * 1000;
const ACCESS_TTL_S = 86_400;
const REFRESH_TTL_MS = 90 * 24 * 3600 * 1000;

/** One issued access/refresh pair. `parent` is the pair whose refresh token produced it. */
export interface TokenGrant {
  accountId: number;
  userId: number;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  accessRevoked: boolean;
  refreshRevoked: boolean;
  used: boolean;
  parent: TokenGrant | null;
}

interface AuthCode {
  accountId: number;
  userId: number;
  expiresAt: number;
  used: boolean;
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; hint: string };

/** Codes and tokens of every account, with Kommo's rotation grace window (KD oauth-20). */
export class TokenRegistry {
  private readonly codes = new Map<string, AuthCode>();
  private readonly byAccess = new Map<string, TokenGrant>();
  private readonly byRefresh = new Map<string, TokenGrant>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly now: () => number,
    private readonly clientId: string,
    private readonly apiDomain: () => string,
  ) {}

  issueCode(accountId: number, userId: number): string {
    const code = `def50200${randomBytes(96).toString('hex')}`;
    this.codes.set(code, { accountId, userId, expiresAt: this.now() + CODE_TTL_MS, used: false });

    return code;
  }

  /** Hints follow thephpleague/oauth2-server 8.x, which Kommo's errors resemble (§2.4). */
  redeemCode(code: string): Lookup<TokenGrant> {
    const found = this.codes.get(code);
    if (!found) return { ok: false, hint: 'Cannot decrypt the authorization code' };
    if (found.used) return { ok: false, hint: 'Authorization code has been revoked' };
    if (this.now() >= found.expiresAt) {
      return { ok: false, hint: 'Authorization code has expired' };
    }
    found.used = true;

    return { ok: true, value: this.issue(found.accountId, found.userId, null) };
  }

  accountOfCode(code: string): number | null {
    return this.codes.get(code)?.accountId ?? null;
  }

  refresh(refreshToken: string): Lookup<TokenGrant> {
    const grant = this.byRefresh.get(refreshToken);
    if (!grant) return { ok: false, hint: 'Cannot decrypt the refresh token' };
    if (grant.refreshRevoked) return { ok: false, hint: 'Token has been revoked' };
    if (this.now() >= grant.refreshExpiresAt) return { ok: false, hint: 'Token has expired' };
    this.markUsed(grant);

    return { ok: true, value: this.issue(grant.accountId, grant.userId, grant) };
  }

  accountOfRefresh(refreshToken: string): number | null {
    return this.byRefresh.get(refreshToken)?.accountId ?? null;
  }

  authenticate(accessToken: string): Lookup<TokenGrant> {
    const grant = this.byAccess.get(accessToken);
    if (!grant) return { ok: false, hint: 'Unknown access token' };
    if (grant.accessRevoked) return { ok: false, hint: 'Access token has been revoked' };
    if (this.now() >= grant.accessExpiresAt) {
      return { ok: false, hint: 'Access token has expired' };
    }
    this.markUsed(grant);

    return { ok: true, value: grant };
  }

  accountOfAccess(accessToken: string): number | null {
    return this.byAccess.get(accessToken)?.accountId ?? null;
  }

  expireAccessTokens(accountId: number): void {
    this.grantsOf(accountId).forEach((grant) => (grant.accessExpiresAt = this.now() - 1));
  }

  revokeRefreshTokens(accountId: number): void {
    this.grantsOf(accountId).forEach((grant) => (grant.refreshRevoked = true));
  }

  /** What uninstalling does: every token of the account stops working (§2.3). */
  revokeAll(accountId: number): void {
    this.grantsOf(accountId).forEach((grant) => {
      grant.accessRevoked = true;
      grant.refreshRevoked = true;
    });
  }

  private grantsOf(accountId: number): TokenGrant[] {
    return [...this.byAccess.values()].filter((grant) => grant.accountId === accountId);
  }

  /**
   * The first use of a new pair ends the grace window of the pair it replaced: until then the
   * old refresh token still works, so a client that lost the answer to a refresh can retry.
   */
  private markUsed(grant: TokenGrant) {
    if (grant.used) return;
    grant.used = true;
    if (grant.parent) {
      grant.parent.refreshRevoked = true;
      grant.parent.accessRevoked = true;
    }
  }

  private issue(accountId: number, userId: number, parent: TokenGrant | null): TokenGrant {
    const nowMs = this.now();
    const grant: TokenGrant = {
      accountId,
      userId,
      accessToken: this.signAccessToken(accountId, userId, nowMs),
      refreshToken: `def50200${randomBytes(160).toString('hex')}`,
      accessExpiresAt: nowMs + ACCESS_TTL_S * 1000,
      refreshExpiresAt: nowMs + REFRESH_TTL_MS,
      accessRevoked: false,
      refreshRevoked: false,
      used: false,
      parent,
    };
    this.byAccess.set(grant.accessToken, grant);
    this.byRefresh.set(grant.refreshToken, grant);

    return grant;
  }

  // Kommo signs with RS256; nothing verifies our signature, so HS256 with a random key is enough.
  private signAccessToken(accountId: number, userId: number, nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const header = encode({ typ: 'JWT', alg: 'HS256' });
    const payload = encode({
      aud: this.clientId,
      jti: randomUUID(),
      iat,
      nbf: iat,
      exp: iat + ACCESS_TTL_S,
      sub: String(userId),
      account_id: accountId,
      api_domain: this.apiDomain(),
    });
    const signature = createHmac('sha256', this.signingKey)
      .update(`${header}.${payload}`)
      .digest('base64url');

    return `${header}.${payload}.${signature}`;
  }
}

export const ACCESS_TOKEN_TTL_SECONDS = ACCESS_TTL_S;
