import type { BackfillProgressDto } from '@heap-sync/shared';
import { formatDateTime } from '../i18n/format-date-time';
import { formatDuration } from '../i18n/format-duration';
import { formatNumber } from '../i18n/format-number';
import { isBackfillActive } from '../hooks/useBackfill';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

/** How far one backfill (or dry run) got: deals, rate, time left, errors and Heap delivery. */
export function BackfillProgress({ progress }: { progress: BackfillProgressDto }) {
  const { t, locale } = useWidgetEnvironment();
  const active = isBackfillActive(progress);
  const count = (value: number) => formatNumber(value, locale);
  const { dealsDone, dealsTotal, delivery, errors } = progress;
  const deals =
    dealsTotal === null
      ? t('backfill.dealsDoneNoTotal', { done: count(dealsDone) })
      : t(progress.dealsTotalExact ? 'backfill.dealsDone' : 'backfill.dealsDoneAbout', {
          done: count(dealsDone),
          total: count(dealsTotal),
        });
  const when = progress.finishedAt
    ? t('backfill.finishedAt', { time: formatDateTime(progress.finishedAt, locale) })
    : t('backfill.startedAt', {
        time: formatDateTime(progress.startedAt ?? progress.createdAt, locale),
      });

  return (
    <div className="heap-sync-widget__backfill" data-status={progress.status}>
      <div className="heap-sync-widget__record-head">
        <span className="heap-sync-widget__muted">
          {t(`backfill.trigger.${progress.trigger}`)}
          {' · '}
          {when}
        </span>
        <span className={`heap-sync-widget__pill heap-sync-widget__pill--${progress.status}`}>
          {t(`backfill.status.${progress.status}`)}
        </span>
      </div>
      {active && dealsTotal !== null && (
        <progress
          className="heap-sync-widget__progress"
          max={Math.max(dealsTotal, dealsDone, 1)}
          value={dealsDone}
          aria-label={deals}
        />
      )}
      <dl className="heap-sync-widget__figures">
        <div>
          <dt>{t('backfill.deals')}</dt>
          <dd>{deals}</dd>
        </div>
        {progress.dealsPerMinute !== null && (
          <div>
            <dt>{t('backfill.rate')}</dt>
            <dd>
              {t('backfill.perMinute', { rate: formatNumber(progress.dealsPerMinute, locale, 1) })}
            </dd>
          </div>
        )}
        {active && (
          <div>
            <dt>{t('backfill.timeLeft')}</dt>
            <dd>
              {progress.secondsLeft === null
                ? t('backfill.timeLeftUnknown')
                : formatDuration(progress.secondsLeft, locale)}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('backfill.errors')}</dt>
          <dd>{count(errors.count)}</dd>
        </div>
        {delivery && (
          <div>
            <dt>{t('backfill.delivery')}</dt>
            <dd>
              {t('backfill.deliveryCounts', {
                synced: count(delivery.synced),
                pending: count(delivery.pending),
                failed: count(delivery.failed),
              })}
            </dd>
          </div>
        )}
      </dl>
      {errors.last && (
        <p className="heap-sync-widget__reason">
          {t('backfill.lastError', { error: errors.last })}
        </p>
      )}
    </div>
  );
}
