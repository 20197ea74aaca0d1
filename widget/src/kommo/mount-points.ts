import type { KommoWidgetSelf } from './kommo-types';

const MOUNT_CLASS = 'heap-sync-widget__mount';

/** An element from what Kommo passes: a DOM element or a jQuery collection. */
export function toElement(value: unknown): HTMLElement | null {
  if (value instanceof HTMLElement) {
    return value;
  }

  const first = (value as { 0?: unknown } | null | undefined)?.[0];

  return first instanceof HTMLElement ? first : null;
}

/** Our own child of a Kommo container, so mounting React never wipes Kommo's content. */
function ownChild(host: HTMLElement | null, id: string): HTMLElement | null {
  if (!host) {
    return null;
  }

  const existing = host.ownerDocument.getElementById(id);

  if (existing && host.contains(existing)) {
    return existing;
  }

  const child = host.ownerDocument.createElement('div');
  child.id = id;
  child.className = MOUNT_CLASS;
  host.appendChild(child);

  return child;
}

/** The settings modal's description area (as in Kommo's React template). */
export function settingsMountPoint(code: string, modalBody: unknown): HTMLElement | null {
  const selector = '.widget-settings__desc-space';
  const scope = toElement(modalBody);
  const host =
    scope?.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(selector);

  return ownChild(host, `heap-sync-settings-${code}`);
}

/** The advanced settings page: `#work-area-<code>`, else the element Kommo passed. */
export function advancedMountPoint(code: string, workArea: unknown): HTMLElement | null {
  const host = document.getElementById(`work-area-${code}`) ?? toElement(workArea);

  return ownChild(host, `heap-sync-advanced-${code}`);
}

/**
 * The card's right-hand panel: `render_template` draws our block in the widget's panel; a host
 * without it (a bare harness) gets the block inside `[data-code="<code>"]` or the body.
 */
export function cardMountPoint(self: KommoWidgetSelf, code: string): HTMLElement | null {
  const id = `heap-sync-card-${code}`;

  self.render_template?.({
    caption: { class_name: 'heap-sync-widget__caption' },
    body: '',
    render: `<div class="${MOUNT_CLASS}" id="${id}"></div>`,
  });

  const rendered = document.getElementById(id);

  if (rendered) {
    return rendered;
  }

  const panel = Array.from(document.querySelectorAll<HTMLElement>('[data-code]')).find(
    (element) => element.getAttribute('data-code') === code,
  );

  return ownChild(panel ?? document.body, id);
}
