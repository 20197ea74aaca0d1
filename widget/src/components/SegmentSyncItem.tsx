import { SEGMENT_USER_STATES, type SegmentSyncDto } from '@heap-sync/shared';
import { useId, useState } from 'react';
import { formatDateTime } from '../i18n/format-date-time';
import { formatNumber } from '../i18n/format-number';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { SegmentSyncRecords } from './SegmentSyncRecords';

/** Outcomes always shown; `pending` only while some users wait. */
const OUTCOMES = SEGMENT_USER_STATES.filter((state) => state !== 'pending');

/** One sync: which segment, from where, how far along, and what became of its users. */
export function SegmentSyncItem({ sync }: { sync: SegmentSyncDto }) {
  const { t, locale } = useWidgetEnvironment();
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const shown = sync.counts.pending > 0 ? ['pending' as const, ...OUTCOMES] : OUTCOMES;
  const title = t('segmentSyncs.segment', { name: sync.segmentName, id: sync.heapSegmentId });

  return (
    <li className="heap-sync-widget__record" data-status={sync.status} aria-label={title}>
      <div className="heap-sync-widget__record-head">
        <strong>{title}</strong>
        <span className={`heap-sync-widget__pill heap-sync-widget__pill--${sync.status}`}>
          {t(`segmentSyncs.status.${sync.status}`)}
        </span>
      </div>
      <p className="heap-sync-widget__muted">
        {t(`segmentSyncs.source.${sync.source}`)}
        {' · '}
        {formatDateTime(sync.createdAt, locale)}
        {sync.status === 'receiving' &&
          ` · ${t('segmentSyncs.pages', { received: sync.pagesReceived, total: sync.totalPages })}`}
        {sync.usersRemoved > 0 &&
          ` · ${t('segmentSyncs.removed', { count: formatNumber(sync.usersRemoved, locale) })}`}
      </p>
      {sync.note && <p className="heap-sync-widget__reason">{sync.note}</p>}
      <dl className="heap-sync-widget__counts">
        {shown.map((state) => (
          <div key={state} className="heap-sync-widget__count" data-state={state}>
            <dt>{t(`segmentUser.state.${state}`)}</dt>
            <dd>{formatNumber(sync.counts[state], locale)}</dd>
          </div>
        ))}
      </dl>
      <button
        type="button"
        className="heap-sync-widget__button"
        aria-expanded={expanded}
        aria-controls={expanded ? `${id}-records` : undefined}
        onClick={() => setExpanded((open) => !open)}
      >
        {expanded ? t('segmentSyncs.hideUsers') : t('segmentSyncs.showUsers')}
      </button>
      {expanded && <SegmentSyncRecords id={`${id}-records`} sync={sync} />}
    </li>
  );
}
