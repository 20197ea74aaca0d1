import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import { WIDGET_TOKEN_HEADER } from '@heap-sync/shared';
import type { Request } from 'express';
import { jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Installation } from '../installations/installation.entity';
import { InstallationsService } from '../installations/installations.service';

export interface WidgetCaller {
  installation: Installation;
  userId: number;
  /** From the token's `is_admin` claim; undefined when Kommo did not include it. */
  isAdmin: boolean | undefined;
}

type WidgetRequest = Request & { widgetCaller?: WidgetCaller };

const MAX_LIFETIME_SECONDS = 3600;

const unauthorized = (message: string) => new AppException(AppErrorCode.Unauthorized, message);

/**
 * Verifies Kommo's disposable token (`X-Auth-Token`, added by `$authorizedAjax`): HS256 under the
 * integration secret, `aud` our origin, inside `nbf`..`exp`, an active installation for
 * `account_id`, and a `jti` never seen before (recorded until the token would expire anyway).
 */
@Injectable()
export class WidgetTokenGuard implements CanActivate {
  private readonly secret: Uint8Array;
  private readonly audience: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly installations: InstallationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = new TextEncoder().encode(config.kommo.clientSecret);
    this.audience = new URL(config.kommo.redirectUri).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WidgetRequest>();
    const token = req.header(WIDGET_TOKEN_HEADER);
    if (!token) throw unauthorized(`The ${WIDGET_TOKEN_HEADER} header is missing`);

    const claims = await this.verify(token);
    const accountId = Number(claims.account_id);
    const userId = Number(claims.user_id);
    if (!Number.isSafeInteger(accountId) || !Number.isSafeInteger(userId) || !claims.jti) {
      throw unauthorized('The token lacks account_id, user_id or jti');
    }
    // Kommo's disposable tokens live 30 minutes; a longer one was not made by Kommo.
    if (Number(claims.exp) - Number(claims.nbf) > MAX_LIFETIME_SECONDS) {
      throw unauthorized('The token lives longer than a Kommo disposable token can');
    }
    const installation = await this.installations.findByAccountId(accountId);
    if (!installation || installation.status === 'uninstalled') {
      throw unauthorized('This Kommo account has no active installation');
    }
    await this.consumeJti(claims.jti, installation.id, Number(claims.exp));

    // Only an explicit true is admin: Boolean('false') would be true.
    const isAdmin =
      claims.is_admin === undefined ? undefined : claims.is_admin === true || claims.is_admin === 1;
    req.widgetCaller = { installation, userId, isAdmin };

    return true;
  }

  private async verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        audience: this.audience,
        requiredClaims: ['exp', 'nbf', 'jti'],
        clockTolerance: 5,
      });

      return payload as typeof payload & {
        account_id?: unknown;
        user_id?: unknown;
        is_admin?: unknown;
      };
    } catch (error) {
      throw unauthorized(
        `Invalid widget token: ${(error as { code?: string }).code ?? 'rejected'}`,
      );
    }
  }

  private async consumeJti(jti: string, installationId: string, exp: number): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO widget_token_uses (jti, installation_id, expires_at)
       VALUES ($1, $2, to_timestamp($3)) ON CONFLICT DO NOTHING RETURNING jti`,
      [jti.slice(0, 200), installationId, exp],
    );
    if (rows.length === 0) throw unauthorized('This widget token was already used');
    // Rows past their expiry can go (an expired token fails `exp` first); now and then is enough.
    if (Math.random() < 0.02) {
      await this.dataSource.query('DELETE FROM widget_token_uses WHERE expires_at < now()');
    }
  }
}

export const Caller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WidgetCaller =>
    context.switchToHttp().getRequest<WidgetRequest>().widgetCaller!,
);
