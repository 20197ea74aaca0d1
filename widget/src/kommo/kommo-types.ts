/** The parts of Kommo's widget runtime this widget touches (see the platform reference §4.4). */

/** What a failed jQuery request hands to `fail` callbacks. */
export interface JqXhrLike {
  status: number;
  statusText?: string;
  responseJSON?: unknown;
  responseText?: string;
}

/** The jQuery Deferred returned by `$authorizedAjax`; only `done` and `fail` are relied on. */
export interface AjaxDeferred {
  done(callback: (data: unknown) => void): AjaxDeferred;
  fail(callback: (xhr: JqXhrLike, textStatus: string, errorThrown: string) => void): AjaxDeferred;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface AjaxOptions {
  url: string;
  method: HttpMethod;
  dataType: 'json';
  data?: string;
  contentType?: string;
}

/** `self.$authorizedAjax`: jQuery ajax that adds the disposable `X-Auth-Token` header. */
export type AuthorizedAjax = (options: AjaxOptions) => AjaxDeferred;

/** The jQuery that Kommo's RequireJS passes to the `define` factory. */
export interface JQueryLike {
  ajax?: AuthorizedAjax;
}

export interface KommoWidgetSettings {
  widget_code?: string;
  /** Our manifest setting; empty means the build-time default. */
  backend_url?: string;
  [key: string]: unknown;
}

export interface RenderTemplateOptions {
  caption: { class_name: string };
  body: string;
  render: string;
}

export type CallbackResult = boolean | Promise<boolean> | void;

export interface KommoCallbacks {
  render(): boolean;
  init(): boolean;
  bind_actions(): boolean;
  settings(modalBody?: unknown): void;
  onSave(): boolean;
  destroy(): void;
  advancedSettings(workArea?: unknown): void;
}

/** The widget instance: Kommo adds these methods to the object our constructor returns. */
export interface KommoWidgetSelf {
  callbacks: KommoCallbacks;
  get_settings?: () => KommoWidgetSettings;
  i18n?: (key: string) => unknown;
  $authorizedAjax?: AuthorizedAjax;
  render_template?: (options: RenderTemplateOptions) => void;
  system?: () => { area?: string };
}

export interface KommoCard {
  id: number;
}

/** The documented, read-only parts of the global `APP`. */
export interface KommoApp {
  lang_id?: string;
  data?: { current_card?: KommoCard | false | null };
  constant?: (name: string) => unknown;
  getBaseEntity?: () => string;
  isCard?: () => boolean;
}
