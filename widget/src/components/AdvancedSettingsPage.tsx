import { useState } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useKommoFields } from '../hooks/useKommoFields';
import { usePipelines } from '../hooks/usePipelines';
import { useSettings } from '../hooks/useSettings';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { BackfillSection } from './BackfillSection';
import { ErrorNotice } from './ErrorNotice';
import { InstallationStatus } from './InstallationStatus';
import { SegmentsSection } from './SegmentsSection';
import { SettingsForm } from './SettingsForm';
import { TestEventPanel } from './TestEventPanel';

/**
 * The advanced settings page: installation state, the mapping form, a test event, Heap segments
 * as Kommo tasks and the backfill of past deals.
 */
export function AdvancedSettingsPage() {
  const { t, isAdmin } = useWidgetEnvironment();
  const settings = useSettings();
  const fields = useKommoFields();
  const pipelines = usePipelines();
  const [actionForbidden, setActionForbidden] = useState<WidgetApiError | null>(null);
  const forbidden =
    actionForbidden ??
    [settings.error, fields.error, pipelines.error].find((error) => error?.isForbidden) ??
    null;
  const readOnly = settings.data?.canEdit === false || isAdmin === false || forbidden !== null;
  // One notice per distinct problem: an unreachable backend fails all three reads alike.
  const loadErrors = [settings.error, fields.error, pipelines.error]
    .filter((error): error is WidgetApiError => !!error && !error.isForbidden)
    .filter((error, index, all) => all.findIndex((e) => e.message === error.message) === index);

  return (
    <div className="heap-sync-widget__page">
      <header className="heap-sync-widget__header">
        <h2 className="heap-sync-widget__title">{t('page.title')}</h2>
        <p className="heap-sync-widget__hint">{t('page.intro')}</p>
      </header>
      {readOnly && (
        <div className="heap-sync-widget__notice heap-sync-widget__notice--info" role="note">
          <p>{t('settings.readOnly')}</p>
          {forbidden && <p>{forbidden.message}</p>}
        </div>
      )}
      {loadErrors.map((error) => (
        <ErrorNotice key={error.message} error={error} />
      ))}
      {settings.isPending && (
        <p className="heap-sync-widget__muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {settings.data && (
        <>
          <InstallationStatus response={settings.data} />
          <SettingsForm
            response={settings.data}
            fields={fields.data}
            pipelines={pipelines.data}
            readOnly={readOnly}
            onForbidden={setActionForbidden}
          />
          <TestEventPanel disabled={readOnly} onForbidden={setActionForbidden} />
          <SegmentsSection readOnly={readOnly} onForbidden={setActionForbidden} />
          <BackfillSection readOnly={readOnly} onForbidden={setActionForbidden} />
        </>
      )}
    </div>
  );
}
