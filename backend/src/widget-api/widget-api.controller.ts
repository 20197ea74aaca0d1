import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { TestEventRequest } from '@heap-sync/shared';
import { WidgetApiService } from './widget-api.service';
import { Caller, WidgetCaller, WidgetTokenGuard } from './widget-token.guard';

@ApiTags('widget')
@ApiSecurity('widget-token')
@UseGuards(WidgetTokenGuard)
@Controller('api/widget')
export class WidgetApiController {
  constructor(private readonly widget: WidgetApiService) {}

  @Get('settings')
  @ApiOperation({ summary: "The installation's state and its settings (defaults until saved)" })
  getSettings(@Caller() caller: WidgetCaller) {
    return this.widget.getSettings(caller);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Save the settings (admins only); 400 names each invalid field' })
  saveSettings(@Caller() caller: WidgetCaller, @Body() body: unknown) {
    return this.widget.saveSettings(caller, body);
  }

  @Get('fields')
  @ApiOperation({ summary: "The account's lead and contact custom fields, read from Kommo" })
  fields(@Caller() caller: WidgetCaller) {
    return this.widget.fields(caller);
  }

  @Get('pipelines')
  @ApiOperation({ summary: "The account's pipelines and statuses, read from Kommo" })
  pipelines(@Caller() caller: WidgetCaller) {
    return this.widget.pipelines(caller);
  }

  @Post('test-event')
  @ApiOperation({ summary: 'Send one test event to Heap and report its answer (admins only)' })
  testEvent(@Caller() caller: WidgetCaller, @Body() body: Partial<TestEventRequest>) {
    return this.widget.testEvent(caller, body?.identity);
  }

  @Get('deals/:leadId/sync')
  @ApiOperation({ summary: "A deal's sync state for the card badge" })
  dealSync(@Caller() caller: WidgetCaller, @Param('leadId', ParseIntPipe) leadId: number) {
    return this.widget.dealSync(caller, leadId);
  }

  @Post('deals/:leadId/sync/:recordId/retry')
  @ApiOperation({ summary: 'Queue a failed sync again' })
  retry(
    @Caller() caller: WidgetCaller,
    @Param('leadId', ParseIntPipe) leadId: number,
    @Param('recordId', ParseUUIDPipe) recordId: string,
  ) {
    return this.widget.retry(caller, leadId, recordId);
  }
}
