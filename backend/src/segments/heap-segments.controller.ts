import { Controller, Headers, HttpCode, Logger, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { HeapEndpointService } from './heap-endpoint.service';
import { parseHeapWebhook } from './heap-segment-payload';
import { verifyHeapSignature } from './heap-signature';
import { SegmentIntakeService } from './segment-intake.service';

@ApiTags('heap')
@Controller('api/heap/segments')
export class HeapSegmentsController {
  private readonly logger = new Logger(HeapSegmentsController.name);

  constructor(
    private readonly endpoints: HeapEndpointService,
    private readonly intake: SegmentIntakeService,
  ) {}

  /**
   * Heap's Segment Sync webhook. The URL token names the installation; the Heap-Hash signature
   * over the raw body (configure-app.ts keeps it as text) proves the sender. Nothing is stored
   * before both pass. A 200 stops Heap's retries, so it is sent only once the page is stored.
   */
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: "Receives Heap's segment.users.sync pages (signed with Heap-Hash)" })
  async receive(
    @Param('token') token: string,
    @Req() req: Request,
    @Headers('heap-hash') signature?: string,
  ) {
    const endpoint = await this.endpoints.findByToken(token);
    if (!endpoint) throw new AppException(AppErrorCode.NotFound, 'Unknown segment webhook URL');
    if (!endpoint.secret) {
      throw new AppException(AppErrorCode.Unauthorized, 'No Heap webhook secret is set yet');
    }
    const body = typeof req.body === 'string' ? req.body : '';
    const check = verifyHeapSignature(signature, body, endpoint.secret, Date.now());
    if (!check.ok) {
      this.logger.warn(
        { installationId: endpoint.installationId, reason: check.reason },
        'refused',
      );
      throw new AppException(AppErrorCode.Unauthorized, check.reason);
    }

    const parsed = parseHeapWebhook(body);
    if (parsed.kind === 'invalid') {
      throw new AppException(AppErrorCode.ValidationFailed, parsed.error);
    }
    if (parsed.kind === 'ignored') return { outcome: 'ignored', action: parsed.action };

    return this.intake.accept(endpoint.installationId, 'heap', parsed.page);
  }
}
