import type { PipelinesResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** The account's pipelines with their statuses, for the won and lost pickers. */
export function usePipelines() {
  const { api } = useWidgetEnvironment();

  return useQuery<PipelinesResponse, WidgetApiError>({
    queryKey: queryKeys.pipelines,
    queryFn: () => api.getPipelines(),
    staleTime: 60_000,
  });
}
