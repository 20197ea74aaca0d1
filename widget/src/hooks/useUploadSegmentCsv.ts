import type { SegmentUploadResponse } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

export interface SegmentCsvUpload {
  ruleId: string;
  csv: string;
}

/** Sends an exported list of identities for one rule; the new sync then shows in the list. */
export function useUploadSegmentCsv() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<SegmentUploadResponse, WidgetApiError, SegmentCsvUpload>({
    mutationFn: ({ ruleId, csv }) => api.uploadSegmentCsv(ruleId, csv),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.segmentSyncs }),
  });
}
