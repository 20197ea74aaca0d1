import { Body, Controller, Get, Param, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Caller, WidgetCaller, WidgetTokenGuard } from '../widget-api/widget-token.guard';
import { MAX_CSV_BYTES } from './identity-csv';
import { RecordsQuery, SegmentsWidgetService } from './segments-widget.service';
import { readTextBody } from './text-body';

@ApiTags('widget')
@ApiSecurity('widget-token')
@UseGuards(WidgetTokenGuard)
@Controller('api/widget/segments')
export class SegmentsWidgetController {
  constructor(private readonly segments: SegmentsWidgetService) {}

  @Get()
  @ApiOperation({ summary: 'Segment rules, and the Heap webhook URL (admins) and secret state' })
  overview(@Caller() caller: WidgetCaller) {
    return this.segments.overview(caller);
  }

  @Put('rules')
  @ApiOperation({ summary: 'Replace the segment rules (admins only); 400 names each bad field' })
  saveRules(@Caller() caller: WidgetCaller, @Body() body: unknown) {
    return this.segments.saveRules(caller, body);
  }

  @Put('webhook-secret')
  @ApiOperation({ summary: "Store Heap's webhook secret key, sealed (admins only)" })
  setSecret(@Caller() caller: WidgetCaller, @Body() body: unknown) {
    return this.segments.setSecret(caller, body);
  }

  @Post('webhook-url/rotate')
  @ApiOperation({ summary: 'A new Heap webhook URL; the old one stops working (admins only)' })
  rotateUrl(@Caller() caller: WidgetCaller) {
    return this.segments.rotateUrl(caller);
  }

  @Get('syncs')
  @ApiOperation({ summary: 'Recent segment syncs and uploads with per-state user counts' })
  syncs(@Caller() caller: WidgetCaller) {
    return this.segments.listSyncs(caller);
  }

  @Get('syncs/:syncId/records')
  @ApiOperation({ summary: 'The per-user records of one sync (?state=&limit=&offset=)' })
  records(
    @Caller() caller: WidgetCaller,
    @Param('syncId') syncId: string,
    @Query() query: RecordsQuery,
  ) {
    return this.segments.records(caller, syncId, query);
  }

  @Post('rules/:ruleId/upload')
  @ApiOperation({ summary: 'Upload a CSV of identities (text/csv body) for a rule (admins only)' })
  async upload(
    @Caller() caller: WidgetCaller,
    @Param('ruleId') ruleId: string,
    @Req() req: Request,
  ) {
    return this.segments.upload(caller, ruleId, await readTextBody(req, MAX_CSV_BYTES));
  }
}
