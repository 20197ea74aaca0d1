import { QueryClient } from '@tanstack/react-query';
import { WidgetApiError } from './widget-api-error';

/** Retries only what may pass on its own: unreachable backend, 429 and 5xx. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof WidgetApiError)) {
    return false;
  }

  return error.statusCode === 0 || error.statusCode === 429 || error.statusCode >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => failureCount < 2 && isTransient(error),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
