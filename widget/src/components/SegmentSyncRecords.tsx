import { SEGMENT_USER_STATES, type SegmentSyncDto, type SegmentUserState } from '@heap-sync/shared';
import { useState } from 'react';
import { formatNumber } from '../i18n/format-number';
import { isSyncMoving } from '../hooks/useSegmentSyncs';
import { useSegmentSyncRecords } from '../hooks/useSegmentSyncRecords';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { SegmentUserRecordRow } from './SegmentUserRecordRow';

/** Records per request; the API allows up to 500, a page this size stays readable. */
export const RECORDS_PAGE_SIZE = 50;

interface SegmentSyncRecordsProps {
  id: string;
  sync: SegmentSyncDto;
}

/** What happened to each user of one sync, a page at a time, optionally of one outcome. */
export function SegmentSyncRecords({ id, sync }: SegmentSyncRecordsProps) {
  const { t, locale } = useWidgetEnvironment();
  const [state, setState] = useState<SegmentUserState | ''>('');
  const [offset, setOffset] = useState(0);
  const page = { state: state || undefined, limit: RECORDS_PAGE_SIZE, offset };
  const records = useSegmentSyncRecords(sync.id, page, isSyncMoving(sync));
  const total = records.data?.total ?? 0;
  const rows = records.data?.records ?? [];
  const range = {
    from: formatNumber(rows.length ? offset + 1 : 0, locale),
    to: formatNumber(offset + rows.length, locale),
    total: formatNumber(total, locale),
  };

  return (
    <div className="heap-sync-widget__sync-records" id={id}>
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__label" htmlFor={`${id}-state`}>
          {t('segmentRecords.filter')}
        </label>
        <select
          id={`${id}-state`}
          className="heap-sync-widget__select"
          value={state}
          onChange={(event) => {
            setState(event.target.value as SegmentUserState | '');
            setOffset(0);
          }}
        >
          <option value="">{t('segmentRecords.allStates')}</option>
          {SEGMENT_USER_STATES.map((option) => (
            <option key={option} value={option}>
              {t(`segmentUser.state.${option}`)}
            </option>
          ))}
        </select>
      </div>
      {records.isPending && (
        <p className="heap-sync-widget__muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {records.error && <ErrorNotice error={records.error} />}
      {records.data && rows.length === 0 && (
        <p className="heap-sync-widget__muted">{t('segmentRecords.empty')}</p>
      )}
      {rows.length > 0 && (
        <div className="heap-sync-widget__table-wrap">
          <table className="heap-sync-widget__table" aria-label={t('segmentRecords.title')}>
            <thead>
              <tr>
                <th scope="col">{t('segmentRecords.identity')}</th>
                <th scope="col">{t('segmentRecords.result')}</th>
                <th scope="col">{t('segmentRecords.reason')}</th>
                <th scope="col">{t('segmentRecords.kommo')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <SegmentUserRecordRow key={record.id} record={record} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 && (
        <div className="heap-sync-widget__pager">
          <span className="heap-sync-widget__muted">{t('segmentRecords.range', range)}</span>
          <button
            type="button"
            className="heap-sync-widget__button"
            disabled={offset === 0 || records.isFetching}
            onClick={() => setOffset(Math.max(0, offset - RECORDS_PAGE_SIZE))}
          >
            {t('segmentRecords.previous')}
          </button>
          <button
            type="button"
            className="heap-sync-widget__button"
            disabled={offset + RECORDS_PAGE_SIZE >= total || records.isFetching}
            onClick={() => setOffset(offset + RECORDS_PAGE_SIZE)}
          >
            {t('segmentRecords.next')}
          </button>
        </div>
      )}
    </div>
  );
}
