import type { InstallationSettings } from '@heap-sync/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

export function useSaveSettings() {
  const { api } = useWidgetEnvironment();
  const queryClient = useQueryClient();

  return useMutation<unknown, WidgetApiError, InstallationSettings>({
    mutationFn: (settings) => api.saveSettings(settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.settings }),
  });
}
