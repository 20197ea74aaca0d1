import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { WidgetEnvironmentContext, type WidgetEnvironment } from '../context/widget-environment';
import { useThemeMode } from '../hooks/useThemeMode';

interface WidgetRootProps {
  environment: WidgetEnvironment;
  queryClient: QueryClient;
  children: ReactNode;
}

/** The one element every scoped style hangs from (`.heap-sync-widget`), plus the providers. */
export function WidgetRoot({ environment, queryClient, children }: WidgetRootProps) {
  const theme = useThemeMode();

  return (
    <QueryClientProvider client={queryClient}>
      <WidgetEnvironmentContext.Provider value={environment}>
        <div className="heap-sync-widget" data-theme={theme} lang={environment.locale}>
          {children}
        </div>
      </WidgetEnvironmentContext.Provider>
    </QueryClientProvider>
  );
}
