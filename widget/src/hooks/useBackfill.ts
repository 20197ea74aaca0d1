import type { BackfillProgressDto, BackfillStatusResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** How often the progress is read again while a backfill or dry run is queued or running. */
export const BACKFILL_REFETCH_MS = 3000;

export function isBackfillActive(progress: BackfillProgressDto | null | undefined): boolean {
  return progress?.status === 'queued' || progress?.status === 'running';
}

/** The latest backfill and the latest dry run. */
export function useBackfill() {
  const { api } = useWidgetEnvironment();

  return useQuery<BackfillStatusResponse, WidgetApiError>({
    queryKey: queryKeys.backfill,
    queryFn: () => api.getBackfill(),
    refetchInterval: ({ state: { data } }) =>
      isBackfillActive(data?.run) || isBackfillActive(data?.dryRun) ? BACKFILL_REFETCH_MS : false,
  });
}
