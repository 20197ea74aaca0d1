import type { DealSyncResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** How often the badge polls while a sync is still pending. */
export const PENDING_REFETCH_MS = 3000;

function hasPending(data: DealSyncResponse | undefined): boolean {
  return !!data && (data.badge === 'pending' || data.records.some((r) => r.state === 'pending'));
}

export function useDealSync(leadId: number) {
  const { api } = useWidgetEnvironment();

  return useQuery<DealSyncResponse, WidgetApiError>({
    queryKey: queryKeys.dealSync(leadId),
    queryFn: () => api.getDealSync(leadId),
    refetchInterval: (query) => (hasPending(query.state.data) ? PENDING_REFETCH_MS : false),
  });
}
