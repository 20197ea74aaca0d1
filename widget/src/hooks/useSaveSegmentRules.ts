import type { SegmentRulesInput, SegmentsResponse } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** Replaces the whole list of rules; the answer is the new overview, kept as the query's data. */
export function useSaveSegmentRules() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<SegmentsResponse, WidgetApiError, SegmentRulesInput>({
    mutationFn: (input) => api.saveSegmentRules(input),
    onSuccess: (segments) => queryClient.setQueryData(queryKeys.segments, segments),
  });
}
