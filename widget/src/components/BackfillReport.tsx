import { SYNC_KINDS, type BackfillReport as Report } from '@heap-sync/shared';
import { formatDateTime } from '../i18n/format-date-time';
import { formatNumber } from '../i18n/format-number';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { PropertyList } from './PropertyList';
import { ReasonCounts } from './ReasonCounts';

/** What a dry run found: events per kind, deals left out and why, and sample payloads. */
export function BackfillReport({ report }: { report: Report }) {
  const { t, locale } = useWidgetEnvironment();
  const hasInvalid = Object.values(report.invalid).some((count) => count > 0);

  return (
    <div className="heap-sync-widget__report">
      <p className="heap-sync-widget__label">{t('backfillReport.send')}</p>
      <dl className="heap-sync-widget__counts">
        {SYNC_KINDS.map((kind) => (
          <div key={kind} className="heap-sync-widget__count" data-kind={kind}>
            <dt>{t(`kind.${kind}`)}</dt>
            <dd>{formatNumber(report.send[kind], locale)}</dd>
          </div>
        ))}
      </dl>
      <p className="heap-sync-widget__muted">
        {t('backfillReport.alreadySynced', { count: formatNumber(report.alreadySynced, locale) })}
      </p>
      <ReasonCounts title={t('backfillReport.skipped')} reasons={report.skipped} />
      {hasInvalid && <ReasonCounts title={t('backfillReport.invalid')} reasons={report.invalid} />}
      <p className="heap-sync-widget__label">{t('backfillReport.samples')}</p>
      {report.samples.length === 0 && (
        <p className="heap-sync-widget__muted">{t('backfillReport.noSamples')}</p>
      )}
      {report.samples.map((sample) => (
        <details key={sample.idempotencyKey} className="heap-sync-widget__sent">
          <summary>
            <code>{sample.event}</code> · {sample.identity} ·{' '}
            {formatDateTime(sample.timestamp, locale)}
          </summary>
          <PropertyList title={t('record.eventProperties')} properties={sample.eventProperties} />
          <PropertyList title={t('record.userProperties')} properties={sample.userProperties} />
        </details>
      ))}
    </div>
  );
}
