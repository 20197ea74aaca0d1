import type { BadgeState, SyncRecordDto } from '@heap-sync/shared';
import { formatDateTime } from '../i18n/format-date-time';
import { useDealSync } from '../hooks/useDealSync';
import { useRetrySync } from '../hooks/useRetrySync';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { StatePill } from './StatePill';
import { SyncRecordItem } from './SyncRecordItem';

const STATES_WITH_REASON: BadgeState[] = ['skipped', 'invalid', 'failed'];

/** The most recently updated record in the badge's state: it explains the badge. */
function headlineRecord(records: SyncRecordDto[], badge: BadgeState): SyncRecordDto | undefined {
  return records
    .filter((record) => record.state === badge)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

/** The deal card's right-panel badge: whether and how this deal reached Heap. */
export function DealSyncBadge({ leadId }: { leadId: number }) {
  const { t, locale } = useWidgetEnvironment();
  const dealSync = useDealSync(leadId);
  const retry = useRetrySync(leadId);

  if (dealSync.isPending) {
    return (
      <p className="heap-sync-widget__muted" role="status">
        {t('common.loading')}
      </p>
    );
  }

  if (dealSync.isError) {
    return <ErrorNotice error={dealSync.error} />;
  }

  const { badge, lastSyncedAt, records } = dealSync.data;
  const headline = headlineRecord(records, badge);
  const reason = STATES_WITH_REASON.includes(badge) ? headline?.lastError : null;

  return (
    <section className="heap-sync-widget__badge" data-badge={badge} aria-label={t('badge.title')}>
      <div className="heap-sync-widget__record-head">
        <span className="heap-sync-widget__label">{t('badge.title')}</span>
        <StatePill state={badge} />
      </div>
      {badge === 'not_applicable' && (
        <p className="heap-sync-widget__hint">{t('badge.notApplicable')}</p>
      )}
      {badge === 'pending' && <p className="heap-sync-widget__hint">{t('badge.pending')}</p>}
      {reason && <p className="heap-sync-widget__reason">{t('badge.reason', { reason })}</p>}
      <p className="heap-sync-widget__muted">
        {lastSyncedAt
          ? t('badge.lastSynced', { time: formatDateTime(lastSyncedAt, locale) })
          : t('badge.neverSynced')}
      </p>
      {records.length > 0 && (
        <ul className="heap-sync-widget__records">
          {records.map((record) => (
            <SyncRecordItem
              key={record.id}
              record={record}
              expanded={record.id === (headline ?? records[0]).id}
              retrying={retry.isPending && retry.variables === record.id}
              onRetry={() => retry.mutate(record.id)}
            />
          ))}
        </ul>
      )}
      {retry.error && <ErrorNotice error={retry.error} />}
    </section>
  );
}
