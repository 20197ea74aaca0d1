import type { FieldsResponse } from '@heap-sync/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import type { WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from './useWidgetEnvironment';

/** The account's lead and contact custom fields, for the field pickers. */
export function useKommoFields() {
  const { api } = useWidgetEnvironment();

  return useQuery<FieldsResponse, WidgetApiError>({
    queryKey: queryKeys.fields,
    queryFn: () => api.getFields(),
    staleTime: 60_000,
  });
}
