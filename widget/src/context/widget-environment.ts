import { createContext } from 'react';
import type { WidgetApiClient } from '../api/widget-api-client';
import type { Translator } from '../i18n/translator';

/** What every component gets from the host: the backend client, texts and the user. */
export interface WidgetEnvironment {
  api: WidgetApiClient;
  t: Translator;
  locale: string;
  /** From Kommo when it says; null when unknown (the backend's 403 then decides). */
  isAdmin: boolean | null;
}

export const WidgetEnvironmentContext = createContext<WidgetEnvironment | null>(null);
