import { Module } from '@nestjs/common';
import { BackfillModule } from '../backfill/backfill.module';
import { HeapModule } from '../heap/heap.module';
import { SyncModule } from '../sync/sync.module';
import { WidgetApiController } from './widget-api.controller';
import { WidgetApiService } from './widget-api.service';
import { WidgetTokenGuard } from './widget-token.guard';

@Module({
  imports: [HeapModule, SyncModule, BackfillModule],
  controllers: [WidgetApiController],
  providers: [WidgetApiService, WidgetTokenGuard],
})
export class WidgetApiModule {}
