import type { SegmentsResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** The segment rules and the state of the Heap webhook (its URL for admins only). */
export function useSegments() {
  const { api } = useWidgetEnvironment();

  return useQuery<SegmentsResponse, WidgetApiError>({
    queryKey: queryKeys.segments,
    queryFn: () => api.getSegments(),
  });
}
