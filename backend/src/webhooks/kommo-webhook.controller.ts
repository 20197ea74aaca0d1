import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { Installation } from '../installations/installation.entity';
import { InstallationsService } from '../installations/installations.service';
import { WebhookIntakeService } from './webhook-intake.service';

@ApiTags('kommo')
@Controller('api/kommo/webhooks')
export class KommoWebhookController {
  constructor(
    private readonly installations: InstallationsService,
    private readonly intake: WebhookIntakeService,
  ) {}

  /**
   * Kommo's CRM webhooks carry no signature: the random token in the URL is the credential. A
   * body we cannot read is still stored and answered 200, because Kommo disables a webhook after
   * 100 failed answers in two hours.
   */
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: "Receives Kommo's deal webhooks (form-encoded, legacy v2 shape)" })
  async receive(
    @Param('token') token: string,
    @Req() req: Request,
    @Headers('content-type') contentType?: string,
  ) {
    // Found by the middleware that refuses unknown URLs before reading a body (configure-app).
    const installation: Installation | null =
      req.res?.locals.installation ?? (await this.installations.findByWebhookToken(token));
    if (!installation || installation.status === 'uninstalled') {
      throw new AppException(AppErrorCode.NotFound, 'Unknown webhook URL');
    }

    const body = typeof req.body === 'string' ? req.body : '';
    const result = await this.intake.accept(installation, body, contentType);
    if (result.outcome === 'foreign_account') {
      throw new AppException(AppErrorCode.Forbidden, 'The body names another Kommo account');
    }

    return result;
  }
}
