import css from './widget.css?raw';

export const STYLE_ELEMENT_ID = 'heap-sync-widget-styles';

/**
 * Kommo loads only script.js, so the stylesheet travels inside it as one <style> element. The
 * alternative (a style.css in the zip linked from `get_settings().path`) costs a second request
 * and a version query to defeat caching, for no gain at this size. Every rule is scoped under
 * `.heap-sync-widget`, so the element cannot restyle Kommo.
 */
export function injectStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ELEMENT_ID)) {
    return;
  }

  const style = doc.createElement('style');
  style.id = STYLE_ELEMENT_ID;
  style.textContent = css;
  doc.head.appendChild(style);
}

/** Drops the stylesheet once no widget element is left on the page. */
export function removeStylesIfUnused(doc: Document = document): void {
  if (!doc.querySelector('.heap-sync-widget')) {
    doc.getElementById(STYLE_ELEMENT_ID)?.remove();
  }
}
