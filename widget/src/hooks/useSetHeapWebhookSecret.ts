import type { SegmentsResponse } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WebhookSecretRequest } from '../api/widget-api-client';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

export function useSetHeapWebhookSecret() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<SegmentsResponse, WidgetApiError, WebhookSecretRequest>({
    mutationFn: (request) => api.setHeapWebhookSecret(request),
    onSuccess: (segments) => queryClient.setQueryData(queryKeys.segments, segments),
  });
}
