import { createHmac, timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Logger, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppErrorCode, AppException } from '../../common/errors/app.exception';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { InstallationsService } from '../../installations/installations.service';
import { KommoTokenStore } from '../tokens/kommo-token-store';

interface DisconnectQuery {
  client_uuid?: string;
  account_id?: string;
  signature?: string;
}

@ApiTags('kommo')
@Controller('api/kommo/disconnect')
export class KommoDisconnectController {
  private readonly logger = new Logger(KommoDisconnectController.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly installations: InstallationsService,
    private readonly tokens: KommoTokenStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Kommo calls this when an admin disables the integration. The signature is the hex
   * HMAC-SHA256 of `client_id|account_id` under our secret. Settings are kept, so a re-install
   * brings the tenant back as it was; tokens are deleted and pending syncs stop.
   */
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Disconnect hook: uninstalls the account after checking the signature' })
  async disconnect(@Query() query: DisconnectQuery): Promise<{ status: string }> {
    const accountId = Number(query.account_id);
    if (!this.signatureValid(query) || !Number.isSafeInteger(accountId)) {
      throw new AppException(AppErrorCode.Unauthorized, 'Invalid disconnect signature');
    }

    const installation = await this.installations.findByAccountId(accountId);
    if (!installation) return { status: 'unknown_account' };

    await this.dataSource.transaction(async (manager) => {
      await this.installations.markUninstalled(installation.id, manager);
      await this.tokens.delete(manager, installation.id);
      await manager.query(
        `UPDATE sync_records SET state = 'skipped', last_error = 'The integration was uninstalled',
           updated_at = now() WHERE installation_id = $1 AND state = 'pending'`,
        [installation.id],
      );
    });
    this.logger.log({ accountId }, 'installation uninstalled');

    return { status: 'uninstalled' };
  }

  private signatureValid(query: DisconnectQuery): boolean {
    if (query.client_uuid !== this.config.kommo.clientId) return false;
    if (typeof query.signature !== 'string' || !/^[0-9a-f]{64}$/i.test(query.signature)) {
      return false;
    }
    const expected = createHmac('sha256', this.config.kommo.clientSecret)
      .update(`${this.config.kommo.clientId}|${query.account_id}`)
      .digest();

    return timingSafeEqual(expected, Buffer.from(query.signature, 'hex'));
  }
}
