import { useEffect, useState } from 'react';
import { detectTheme, type ThemeMode } from '../theme/detect-theme';

/** The host's light or dark theme, followed live when the user switches it. */
export function useThemeMode(): ThemeMode {
  const [theme, setTheme] = useState<ThemeMode>(() => detectTheme());

  useEffect(() => {
    const update = () => setTheme(detectTheme());
    const observer = new MutationObserver(update);
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');

    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    media?.addEventListener?.('change', update);

    return () => {
      observer.disconnect();
      media?.removeEventListener?.('change', update);
    };
  }, []);

  return theme;
}
