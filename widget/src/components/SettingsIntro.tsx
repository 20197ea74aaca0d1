import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

/** Shown in Kommo's settings modal, above the `backend_url` field Kommo renders itself. */
export function SettingsIntro() {
  const { t } = useWidgetEnvironment();

  return (
    <div className="heap-sync-widget__intro">
      <p>{t('modal.intro')}</p>
      <p className="heap-sync-widget__hint">{t('modal.advancedHint')}</p>
      <p className="heap-sync-widget__hint">{t('modal.backendUrlHint')}</p>
    </div>
  );
}
