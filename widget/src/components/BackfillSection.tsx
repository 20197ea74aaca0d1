import { useId } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { isBackfillActive, useBackfill } from '../hooks/useBackfill';
import { useStartBackfill } from '../hooks/useStartBackfill';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { BackfillProgress } from './BackfillProgress';
import { BackfillReport } from './BackfillReport';
import { ErrorNotice } from './ErrorNotice';

interface BackfillSectionProps {
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** Sends the account's past won and lost deals to Heap, or reports what that would send. */
export function BackfillSection({ readOnly, onForbidden }: BackfillSectionProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const backfill = useBackfill();
  const start = useStartBackfill();
  const run = backfill.data?.run ?? null;
  const dryRun = backfill.data?.dryRun ?? null;
  // The backend runs one at a time, dry or not; it answers 409 to a second one anyway.
  const busy = isBackfillActive(run) || isBackfillActive(dryRun);

  const startRun = (asDryRun: boolean) =>
    start.mutate(
      { dryRun: asDryRun },
      { onError: (error) => error.isForbidden && onForbidden(error) },
    );

  return (
    <section className="heap-sync-widget__group" aria-labelledby={`${id}-title`}>
      <h3 className="heap-sync-widget__group-title" id={`${id}-title`}>
        {t('backfill.title')}
      </h3>
      <p className="heap-sync-widget__hint">{t('backfill.intro')}</p>
      {backfill.isPending && (
        <p className="heap-sync-widget__muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {backfill.error && <ErrorNotice error={backfill.error} />}
      <section className="heap-sync-widget__section" aria-labelledby={`${id}-run`}>
        <h4 className="heap-sync-widget__section-title" id={`${id}-run`}>
          {t('backfill.latestRun')}
        </h4>
        {run && <BackfillProgress progress={run} />}
        {backfill.data && !run && <p className="heap-sync-widget__muted">{t('backfill.noRun')}</p>}
        <div className="heap-sync-widget__inline">
          <button
            type="button"
            className="heap-sync-widget__button heap-sync-widget__button--primary"
            disabled={readOnly || busy || start.isPending}
            onClick={() => startRun(false)}
          >
            {t('backfill.run')}
          </button>
          <button
            type="button"
            className="heap-sync-widget__button"
            disabled={readOnly || busy || start.isPending}
            onClick={() => startRun(true)}
          >
            {t('backfill.dryRun')}
          </button>
        </div>
        <p className="heap-sync-widget__hint">
          {busy ? t('backfill.busy') : t('backfill.buttonsHint')}
        </p>
        {start.error && <ErrorNotice error={start.error} />}
      </section>
      <section className="heap-sync-widget__section" aria-labelledby={`${id}-dry-run`}>
        <h4 className="heap-sync-widget__section-title" id={`${id}-dry-run`}>
          {t('backfill.dryRunTitle')}
        </h4>
        {dryRun && <BackfillProgress progress={dryRun} />}
        {dryRun?.status === 'done' && <BackfillReport report={dryRun.report} />}
        {backfill.data && !dryRun && (
          <p className="heap-sync-widget__muted">{t('backfill.noDryRun')}</p>
        )}
      </section>
    </section>
  );
}
