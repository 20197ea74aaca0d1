import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** Queues a failed record again, then refetches the deal so the badge shows the new state. */
export function useRetrySync(leadId: number) {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<unknown, WidgetApiError, string>({
    mutationFn: (recordId) => api.retrySync(leadId, recordId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.dealSync(leadId) }),
  });
}
