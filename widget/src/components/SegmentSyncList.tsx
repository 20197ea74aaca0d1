import { useId } from 'react';
import { useSegmentSyncs } from '../hooks/useSegmentSyncs';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { SegmentSyncItem } from './SegmentSyncItem';

/** The latest segment syncs from Heap and CSV uploads, newest first. */
export function SegmentSyncList() {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const syncs = useSegmentSyncs();

  return (
    <section className="heap-sync-widget__section" aria-labelledby={`${id}-title`}>
      <h4 className="heap-sync-widget__section-title" id={`${id}-title`}>
        {t('segmentSyncs.title')}
      </h4>
      <p className="heap-sync-widget__hint">{t('segmentSyncs.hint')}</p>
      {syncs.isPending && (
        <p className="heap-sync-widget__muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {syncs.error && <ErrorNotice error={syncs.error} />}
      {syncs.data?.syncs.length === 0 && (
        <p className="heap-sync-widget__muted">{t('segmentSyncs.empty')}</p>
      )}
      {!!syncs.data?.syncs.length && (
        <ul className="heap-sync-widget__records">
          {syncs.data.syncs.map((sync) => (
            <SegmentSyncItem key={sync.id} sync={sync} />
          ))}
        </ul>
      )}
    </section>
  );
}
