export type ThemeMode = 'light' | 'dark';

/** Class names hosts put on body or html for a theme, e.g. `dark-theme`, `theme-dark`. */
const DARK_CLASS = /^(?:dark|dark[-_](?:theme|mode)|(?:theme|mode)[-_]dark|is[-_]dark)$/i;
const LIGHT_CLASS = /^(?:light|light[-_](?:theme|mode)|(?:theme|mode)[-_]light|is[-_]light)$/i;

function themeFromClasses(element: Element | null): ThemeMode | null {
  const classes = element ? Array.from(element.classList) : [];

  if (classes.some((name) => DARK_CLASS.test(name))) {
    return 'dark';
  }

  return classes.some((name) => LIGHT_CLASS.test(name)) ? 'light' : null;
}

function luminanceOf(color: string): number | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  let rgb: number[] | null = null;

  if (hex) {
    const digits =
      hex[1].length === 3 ? [...hex[1]].map((d) => d + d) : (hex[1].match(/../g) ?? []);
    rgb = digits.map((pair) => parseInt(pair, 16));
  } else {
    const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color);
    rgb = fn ? fn.slice(1, 4).map(Number) : null;
  }

  return rgb ? (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 : null;
}

/**
 * Kommo switches its palette variables (KD dark-theme) when the user picks the dark theme, so a
 * dark `--palette-background-primary` is the most direct signal we can read.
 */
function themeFromKommoPalette(doc: Document): ThemeMode | null {
  const view = doc.defaultView;

  if (!view?.getComputedStyle || !doc.body) {
    return null;
  }

  const value = view
    .getComputedStyle(doc.body)
    .getPropertyValue('--palette-background-primary')
    .trim();
  const luminance = value ? luminanceOf(value) : null;

  return luminance === null ? null : luminance < 0.5 ? 'dark' : 'light';
}

/** Host theme first (body or html class, then Kommo's palette), the OS preference last. */
export function detectTheme(doc: Document = document): ThemeMode {
  const fromHost =
    themeFromClasses(doc.body) ??
    themeFromClasses(doc.documentElement) ??
    themeFromKommoPalette(doc);

  if (fromHost) {
    return fromHost;
  }

  const prefersDark = doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches;

  return prefersDark ? 'dark' : 'light';
}
