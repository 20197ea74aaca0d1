import type {
  BackfillProgressDto,
  BackfillStatusResponse,
  StartBackfillRequest,
} from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/**
 * Starts a backfill or a dry run. The started run replaces the latest one of its kind, which
 * turns polling on; a 409 may mean another run started meanwhile, so the status is read again.
 */
export function useStartBackfill() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<BackfillProgressDto, WidgetApiError, StartBackfillRequest>({
    mutationFn: (request) => api.startBackfill(request),
    onSuccess: (started) =>
      queryClient.setQueryData<BackfillStatusResponse>(queryKeys.backfill, (current) => ({
        run: current?.run ?? null,
        dryRun: current?.dryRun ?? null,
        [started.dryRun ? 'dryRun' : 'run']: started,
      })),
    onError: (error) =>
      error.statusCode === 409 && queryClient.invalidateQueries({ queryKey: queryKeys.backfill }),
  });
}
