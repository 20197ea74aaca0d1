import en from './en.json';

export type MessageKey = keyof typeof en.ui;
export type MessageParams = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: MessageParams) => string;

/** Shipped in script.js as the fallback when the host has no `i18n` (a bare AMD harness). */
export const englishMessages: Record<MessageKey, string> = en.ui;

/**
 * Builds `t` over one locale's `ui` dictionary (Kommo's `self.i18n('ui')`). A missing key falls
 * back to English; `{name}` placeholders are filled from `params`.
 */
export function createTranslator(dictionary?: Record<string, unknown>): Translator {
  return (key, params) => {
    const candidate = dictionary?.[key];
    const template = typeof candidate === 'string' ? candidate : (englishMessages[key] ?? key);

    if (!params) {
      return template;
    }

    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  };
}
