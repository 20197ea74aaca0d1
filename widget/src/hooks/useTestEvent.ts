import type { TestEventRequest, TestEventResponse } from '@heap-sync/shared';
import { useMutation } from '@tanstack/react-query';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

export function useTestEvent() {
  const { api } = useWidgetEnvironment();

  return useMutation<TestEventResponse, WidgetApiError, TestEventRequest>({
    mutationFn: (request) => api.sendTestEvent(request),
  });
}
