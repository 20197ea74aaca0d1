import { Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module';
import { WidgetTokenGuard } from '../widget-api/widget-token.guard';
import { BackfillController } from './backfill.controller';
import { BackfillJobHandler } from './backfill.job';
import { BackfillService } from './backfill.service';
import { BackfillsRepository } from './backfills.repository';
import { HeapBudget } from './heap-budget';
import { ReconcileJobHandler } from './reconcile.job';
import { WonLostLeadsReader } from './won-lost-leads.reader';

/** The account's history to Heap (backfill), and changes no webhook brought (reconciliation). */
@Module({
  imports: [SyncModule],
  controllers: [BackfillController],
  providers: [
    WidgetTokenGuard,
    BackfillsRepository,
    WonLostLeadsReader,
    HeapBudget,
    BackfillJobHandler,
    BackfillService,
    ReconcileJobHandler,
  ],
  exports: [BackfillService, ReconcileJobHandler],
})
export class BackfillModule {}
