import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { StartBackfillRequest } from '@heap-sync/shared';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { requireAdmin } from '../widget-api/widget-api.service';
import { Caller, WidgetCaller, WidgetTokenGuard } from '../widget-api/widget-token.guard';
import { BackfillService } from './backfill.service';

@ApiTags('widget')
@ApiSecurity('widget-token')
@UseGuards(WidgetTokenGuard)
@Controller('api/widget/backfill')
export class BackfillController {
  constructor(
    private readonly backfills: BackfillService,
    private readonly api: KommoApiClient,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The latest backfill and dry run: deals done of total, rate, errors' })
  status(@Caller() caller: WidgetCaller) {
    return this.backfills.status(caller.installation.id);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a backfill or a dry run (admins only); 409 while one runs' })
  async start(@Caller() caller: WidgetCaller, @Body() body: Partial<StartBackfillRequest>) {
    await requireAdmin(this.api, caller);

    return this.backfills.startFromWidget(caller, body?.dryRun);
  }
}
