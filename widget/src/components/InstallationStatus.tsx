import type { SettingsResponse } from '@heap-sync/shared';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

interface InstallationStatusProps {
  response: SettingsResponse;
}

export function InstallationStatus({ response }: InstallationStatusProps) {
  const { t } = useWidgetEnvironment();
  const { installation, configured } = response;

  return (
    <div className="heap-sync-widget__installation" data-status={installation.status}>
      {installation.status === 'active' && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--success">
          {t('installation.active', { accountId: installation.accountId })}
        </p>
      )}
      {installation.status === 'needs_reauth' && (
        <div className="heap-sync-widget__notice heap-sync-widget__notice--warning" role="alert">
          <p>{t('installation.needsReauth')}</p>
          <a
            className="heap-sync-widget__button heap-sync-widget__button--primary"
            href={installation.reconnectUrl}
            target="_blank"
            rel="noreferrer"
            referrerPolicy="no-referrer"
          >
            {t('installation.reconnect')}
          </a>
        </div>
      )}
      {installation.status === 'uninstalled' && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--error" role="alert">
          {t('installation.uninstalled')}
        </p>
      )}
      {!configured && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--info">
          {t('installation.notConfigured')}
        </p>
      )}
    </div>
  );
}
