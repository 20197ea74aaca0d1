import type { SegmentRecordsPage } from './widget-api-client';

export const queryKeys = {
  settings: ['settings'] as const,
  fields: ['fields'] as const,
  pipelines: ['pipelines'] as const,
  dealSync: (leadId: number) => ['deal-sync', leadId] as const,
  segments: ['segments'] as const,
  segmentSyncs: ['segment-syncs'] as const,
  segmentSyncRecords: (syncId: string, page: SegmentRecordsPage) =>
    ['segment-sync-records', syncId, page] as const,
  backfill: ['backfill'] as const,
};
