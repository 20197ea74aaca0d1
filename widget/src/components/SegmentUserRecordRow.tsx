import type { SegmentUserRecordDto } from '@heap-sync/shared';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

/** One Heap user of a sync: the task made for them, or why there is none. */
export function SegmentUserRecordRow({ record }: { record: SegmentUserRecordDto }) {
  const { t } = useWidgetEnvironment();
  const kommo = [
    record.contactId !== null && t('segmentRecords.contact', { id: record.contactId }),
    record.leadId !== null && t('segmentRecords.lead', { id: record.leadId }),
    record.kommoTaskId !== null && t('segmentRecords.task', { id: record.kommoTaskId }),
  ].filter(Boolean);

  return (
    <tr data-state={record.state}>
      <td className="heap-sync-widget__identity">{record.identity}</td>
      <td>
        <span className={`heap-sync-widget__pill heap-sync-widget__pill--${record.state}`}>
          {t(`segmentUser.state.${record.state}`)}
        </span>
        {record.attempts > 1 && (
          <span className="heap-sync-widget__muted">
            {' '}
            {t('record.attempts', { count: record.attempts })}
          </span>
        )}
      </td>
      <td className="heap-sync-widget__reason">{record.reason ?? '—'}</td>
      <td className="heap-sync-widget__muted">{kommo.join(' · ') || '—'}</td>
    </tr>
  );
}
