import { Module } from '@nestjs/common';
import { WidgetTokenGuard } from '../widget-api/widget-token.guard';
import { ContactFinder } from './contact-finder';
import { HeapEndpointService } from './heap-endpoint.service';
import { HeapSegmentsController } from './heap-segments.controller';
import { SegmentClaimsRepository } from './segment-claims.repository';
import { SegmentIntakeService } from './segment-intake.service';
import { SegmentRecordsRepository } from './segment-records.repository';
import { SegmentRulesService } from './segment-rules.service';
import { SegmentSyncsRepository } from './segment-syncs.repository';
import { SegmentTaskPlanner } from './segment-task-planner';
import { SegmentTaskWriter } from './segment-task-writer';
import { SegmentTasksJobHandler } from './segment-tasks.job';
import { SegmentsWidgetController } from './segments-widget.controller';
import { SegmentsWidgetService } from './segments-widget.service';

/** Heap segments back to Kommo: rules, the signed receiver, CSV uploads and the task jobs. */
@Module({
  controllers: [HeapSegmentsController, SegmentsWidgetController],
  providers: [
    WidgetTokenGuard,
    HeapEndpointService,
    SegmentRulesService,
    SegmentIntakeService,
    SegmentRecordsRepository,
    SegmentClaimsRepository,
    SegmentSyncsRepository,
    ContactFinder,
    SegmentTaskPlanner,
    SegmentTaskWriter,
    SegmentTasksJobHandler,
    SegmentsWidgetService,
  ],
})
export class SegmentsModule {}
