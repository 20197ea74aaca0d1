import type { SettingsResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

export function useSettings() {
  const { api } = useWidgetEnvironment();

  return useQuery<SettingsResponse, WidgetApiError>({
    queryKey: queryKeys.settings,
    queryFn: () => api.getSettings(),
  });
}
