import { useId } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useSegments } from '../hooks/useSegments';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { HeapWebhookPanel } from './HeapWebhookPanel';
import { SegmentRulesForm } from './SegmentRulesForm';
import { SegmentSyncList } from './SegmentSyncList';

interface SegmentsSectionProps {
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** Heap segments → Kommo tasks: the rules, Heap's webhook, and what each sync did. */
export function SegmentsSection({ readOnly, onForbidden }: SegmentsSectionProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const segments = useSegments();

  return (
    <section className="heap-sync-widget__group" aria-labelledby={`${id}-title`}>
      <h3 className="heap-sync-widget__group-title" id={`${id}-title`}>
        {t('segments.title')}
      </h3>
      <p className="heap-sync-widget__hint">{t('segments.intro')}</p>
      {segments.isPending && (
        <p className="heap-sync-widget__muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {segments.error && <ErrorNotice error={segments.error} />}
      {segments.data && (
        <>
          <SegmentRulesForm
            rules={segments.data.rules}
            readOnly={readOnly}
            onForbidden={onForbidden}
          />
          <HeapWebhookPanel
            webhook={segments.data.heapWebhook}
            readOnly={readOnly}
            onForbidden={onForbidden}
          />
        </>
      )}
      <SegmentSyncList />
    </section>
  );
}
