import type {
  AuthorizedAjax,
  JQueryLike,
  KommoApp,
  KommoWidgetSelf,
  KommoWidgetSettings,
} from './kommo-types';

/**
 * Used only when the host gives no `widget_code` (a bare AMD harness). In Kommo the code comes
 * from `self.get_settings().widget_code`, as the integration's "Keys and scopes" tab assigns it.
 */
export const FALLBACK_WIDGET_CODE = 'heap_sync';

export function kommoApp(): KommoApp | undefined {
  return (globalThis as { APP?: KommoApp }).APP;
}

function widgetSettings(self: KommoWidgetSelf): KommoWidgetSettings {
  try {
    return self.get_settings?.() ?? {};
  } catch {
    return {};
  }
}

export function widgetCode(self: KommoWidgetSelf): string {
  const code = widgetSettings(self).widget_code;

  return typeof code === 'string' && code.trim() ? code.trim() : FALLBACK_WIDGET_CODE;
}

/** The backend origin: the admin's `backend_url` setting, else the build-time default. */
export function backendUrl(self: KommoWidgetSelf): string {
  const configured = widgetSettings(self).backend_url;
  const url = typeof configured === 'string' && configured.trim() ? configured.trim() : '';

  return (url || __DEFAULT_BACKEND_URL__).replace(/\/+$/, '');
}

/** The UI texts: the `ui` object of the current locale's i18n file. */
export function uiDictionary(self: KommoWidgetSelf): Record<string, unknown> | undefined {
  try {
    const dictionary = self.i18n?.('ui');

    return dictionary && typeof dictionary === 'object'
      ? (dictionary as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function userLocale(): string {
  return kommoApp()?.lang_id || document.documentElement.lang || 'en';
}

/** `APP.data.current_card.id`: 0 on a new-entity card, null outside cards. */
export function currentCardId(): number | null {
  const card = kommoApp()?.data?.current_card;

  return card && typeof card.id === 'number' ? card.id : null;
}

export function isLeadCard(self: KommoWidgetSelf): boolean {
  const area = self.system?.().area;

  if (area) {
    return area === 'lcard';
  }

  const entity = kommoApp()?.getBaseEntity?.();

  return currentCardId() !== null && (entity === undefined || entity === 'leads');
}

/**
 * Whether the current user is an account admin, when Kommo tells us. Only a hint for the UI:
 * the backend decides from the token and answers 403 to everyone else.
 */
export function isAdminUser(): boolean | null {
  try {
    const rights = kommoApp()?.constant?.('user_rights') as { is_admin?: unknown } | undefined;
    const flag = rights?.is_admin;

    if (flag === undefined || flag === null) {
      return null;
    }

    return flag === true || flag === 'Y' || flag === 1 || flag === '1';
  } catch {
    return null;
  }
}

/**
 * `$authorizedAjax` in Kommo. A bare harness without it gets plain jQuery ajax, which carries
 * no token: the harness must add `X-Auth-Token` itself (e.g. with `$.ajaxSetup`).
 */
export function ajaxTransport(self: KommoWidgetSelf, $: JQueryLike | undefined): AuthorizedAjax {
  return (options) => {
    const authorizedAjax = self.$authorizedAjax;

    if (typeof authorizedAjax === 'function') {
      return authorizedAjax.call(self, options);
    }

    if ($ && typeof $.ajax === 'function') {
      return $.ajax.call($, options);
    }

    throw new Error('Neither $authorizedAjax nor jQuery.ajax is available');
  };
}
