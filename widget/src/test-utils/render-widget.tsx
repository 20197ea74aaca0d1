import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createWidgetApiClient } from '../api/widget-api-client';
import { WidgetRoot } from '../components/WidgetRoot';
import en from '../i18n/en.json';
import { createTranslator } from '../i18n/translator';
import { TEST_BACKEND_URL, type FakeAjax } from './fake-ajax';

interface RenderOptions {
  ajax: FakeAjax;
  dictionary?: Record<string, string>;
  isAdmin?: boolean | null;
}

/** Renders a component inside the real WidgetRoot and API client over a fake transport. */
export function renderWidget(ui: ReactElement, options: RenderOptions) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const environment = {
    api: createWidgetApiClient(options.ajax.ajax, TEST_BACKEND_URL),
    t: createTranslator(options.dictionary ?? en.ui),
    locale: 'en',
    isAdmin: options.isAdmin === undefined ? true : options.isAdmin,
  };

  return {
    queryClient,
    ...render(
      <WidgetRoot environment={environment} queryClient={queryClient}>
        {ui}
      </WidgetRoot>,
    ),
  };
}
