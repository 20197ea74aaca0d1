import type { SegmentSyncDto, SegmentSyncsResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** How often the syncs are read again while one of them is still moving. */
export const ACTIVE_SYNC_REFETCH_MS = 3000;

/** A sync with no news for this long is waiting on Heap pages that may never come. */
const STALLED_AFTER_MS = 15 * 60_000;

export function isSyncMoving(sync: SegmentSyncDto, now = Date.now()): boolean {
  return sync.status !== 'done' && now - Date.parse(sync.updatedAt) < STALLED_AFTER_MS;
}

/** Recent segment syncs and uploads; refreshed while one is receiving pages or processing. */
export function useSegmentSyncs() {
  const { api } = useWidgetEnvironment();

  return useQuery<SegmentSyncsResponse, WidgetApiError>({
    queryKey: queryKeys.segmentSyncs,
    queryFn: () => api.getSegmentSyncs(),
    refetchInterval: (query) =>
      query.state.data?.syncs.some((sync) => isSyncMoving(sync)) ? ACTIVE_SYNC_REFETCH_MS : false,
  });
}
