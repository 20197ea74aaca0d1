import type { InstallationSettings } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** Saves the mapping; the first complete one also starts a backfill, so that is read again too. */
export function useSaveSettings() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<unknown, WidgetApiError, InstallationSettings>({
    mutationFn: (settings) => api.saveSettings(settings),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.settings }),
        queryClient.invalidateQueries({ queryKey: queryKeys.backfill }),
      ]),
  });
}
