import { Module } from '@nestjs/common';
import { HeapModule } from '../heap/heap.module';
import { DealNoteJobHandler } from './deal-note.job';
import { DealStatesRepository } from './deal-states.repository';
import { HeapSendJobHandler } from './heap-send.job';
import { LeadSyncJobHandler } from './lead-sync.job';
import { SyncRecordsRepository } from './sync-records.repository';

@Module({
  imports: [HeapModule],
  providers: [
    SyncRecordsRepository,
    DealStatesRepository,
    LeadSyncJobHandler,
    HeapSendJobHandler,
    DealNoteJobHandler,
  ],
  exports: [SyncRecordsRepository, HeapSendJobHandler, LeadSyncJobHandler],
})
export class SyncModule {}
