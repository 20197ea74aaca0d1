import type { SyncRecordDto } from '@heap-sync/shared';
import { formatDateTime } from '../i18n/format-date-time';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { PropertyList } from './PropertyList';
import { StatePill } from './StatePill';

interface SyncRecordItemProps {
  record: SyncRecordDto;
  expanded: boolean;
  retrying: boolean;
  onRetry: () => void;
}

/** One Heap event of the deal: its state, why, and exactly what was (or would be) sent. */
export function SyncRecordItem({ record, expanded, retrying, onRetry }: SyncRecordItemProps) {
  const { t, locale } = useWidgetEnvironment();
  const { sent } = record;

  return (
    <li className="heap-sync-widget__record" data-state={record.state} data-kind={record.kind}>
      <div className="heap-sync-widget__record-head">
        <strong>{t(`kind.${record.kind}`)}</strong>
        <StatePill state={record.state} />
      </div>
      <p className="heap-sync-widget__muted">
        {t('record.occurredAt', { time: formatDateTime(record.occurredAt, locale) })}
        {' · '}
        {t('record.attempts', { count: record.attempts })}
      </p>
      {record.syncedAt && (
        <p className="heap-sync-widget__muted">
          {t('record.syncedAt', { time: formatDateTime(record.syncedAt, locale) })}
        </p>
      )}
      {record.lastError && <p className="heap-sync-widget__reason">{record.lastError}</p>}
      {sent && (
        <details className="heap-sync-widget__sent" open={expanded}>
          <summary>{record.state === 'synced' ? t('record.sent') : t('record.toSend')}</summary>
          <p>
            {t('record.event')} <code>{sent.event}</code>
          </p>
          <p>
            {t('record.identity')} <code>{sent.identity}</code>
          </p>
          <PropertyList title={t('record.eventProperties')} properties={sent.eventProperties} />
          <PropertyList title={t('record.userProperties')} properties={sent.userProperties} />
        </details>
      )}
      {record.state === 'failed' && (
        <button
          type="button"
          className="heap-sync-widget__button"
          disabled={retrying}
          onClick={onRetry}
        >
          {retrying ? t('record.retrying') : t('record.retry')}
        </button>
      )}
    </li>
  );
}
