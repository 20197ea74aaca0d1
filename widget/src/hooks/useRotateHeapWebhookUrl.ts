import type { SegmentsResponse } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** A new Heap webhook URL; the old one stops working at once. */
export function useRotateHeapWebhookUrl() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<SegmentsResponse, WidgetApiError, void>({
    mutationFn: () => api.rotateHeapWebhookUrl(),
    onSuccess: (segments) => queryClient.setQueryData(queryKeys.segments, segments),
  });
}
