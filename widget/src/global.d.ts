/** Set by Vite's `define` at build time and by Jest's `globals` in tests. */
declare const __DEFAULT_BACKEND_URL__: string;
declare const __WIDGET_VERSION__: string;

/** jQuery comes from Kommo's RequireJS through the `define` list; it is not bundled. */
declare module 'jquery' {
  const $: import('./kommo/kommo-types').JQueryLike;
  export default $;
}
