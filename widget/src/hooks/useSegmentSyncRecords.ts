import type { SegmentSyncRecordsResponse } from '@heap-sync/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { SegmentRecordsPage } from '../api/widget-api-client';
import type { WidgetApiError } from '../api/widget-api-error';
import { ACTIVE_SYNC_REFETCH_MS } from './useSegmentSyncs';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** One page of a sync's per-user records; the previous page stays shown while the next loads. */
export function useSegmentSyncRecords(syncId: string, page: SegmentRecordsPage, moving: boolean) {
  const { api } = useWidgetEnvironment();

  return useQuery<SegmentSyncRecordsResponse, WidgetApiError>({
    queryKey: queryKeys.segmentSyncRecords(syncId, page),
    queryFn: () => api.getSegmentSyncRecords(syncId, page),
    placeholderData: keepPreviousData,
    refetchInterval: moving ? ACTIVE_SYNC_REFETCH_MS : false,
  });
}
