import type { SegmentsResponse } from '@heap-sync/shared';
import { useId, useRef, useState } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useRotateHeapWebhookUrl } from '../hooks/useRotateHeapWebhookUrl';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { HeapWebhookSecretForm } from './HeapWebhookSecretForm';

interface HeapWebhookPanelProps {
  webhook: SegmentsResponse['heapWebhook'];
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

type CopyState = 'idle' | 'copied' | 'manual';

/** Where Heap sends segment syncs (copy, rotate), and the key its signatures are checked with. */
export function HeapWebhookPanel({ webhook, readOnly, onForbidden }: HeapWebhookPanelProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const urlInput = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const [confirmingRotate, setConfirmingRotate] = useState(false);
  const rotate = useRotateHeapWebhookUrl();

  const copyUrl = async () => {
    try {
      await navigator.clipboard.writeText(webhook.url ?? '');
      setCopy('copied');
    } catch {
      // No clipboard access (an old browser, a denied permission): select it for Ctrl+C.
      urlInput.current?.select();
      setCopy('manual');
    }
  };

  const confirmRotate = () => {
    setConfirmingRotate(false);
    setCopy('idle');
    rotate.mutate(undefined, {
      onError: (error) => error.isForbidden && onForbidden(error),
    });
  };

  return (
    <section className="heap-sync-widget__section" aria-labelledby={`${id}-title`}>
      <h4 className="heap-sync-widget__section-title" id={`${id}-title`}>
        {t('heapWebhook.title')}
      </h4>
      <p className="heap-sync-widget__hint">{t('heapWebhook.hint')}</p>
      <div className="heap-sync-widget__field">
        {webhook.url ? (
          <>
            <label className="heap-sync-widget__label" htmlFor={`${id}-url`}>
              {t('heapWebhook.url')}
            </label>
            <div className="heap-sync-widget__inline">
              <input
                ref={urlInput}
                id={`${id}-url`}
                className="heap-sync-widget__input heap-sync-widget__input--wide"
                type="text"
                readOnly
                value={webhook.url}
                onFocus={(event) => event.target.select()}
              />
              <button type="button" className="heap-sync-widget__button" onClick={copyUrl}>
                {t('heapWebhook.copy')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="heap-sync-widget__label">{t('heapWebhook.url')}</p>
            <p className="heap-sync-widget__muted">
              {readOnly ? t('heapWebhook.urlAdminsOnly') : t('heapWebhook.urlUnavailable')}
            </p>
          </>
        )}
        {copy !== 'idle' && (
          <p className="heap-sync-widget__hint" role="status">
            {copy === 'copied' ? t('heapWebhook.copied') : t('heapWebhook.copyManually')}
          </p>
        )}
      </div>
      {confirmingRotate ? (
        <div className="heap-sync-widget__notice heap-sync-widget__notice--warning" role="alert">
          <p>{t('heapWebhook.rotateWarning')}</p>
          <div className="heap-sync-widget__inline">
            <button
              type="button"
              className="heap-sync-widget__button heap-sync-widget__button--primary"
              onClick={confirmRotate}
            >
              {t('heapWebhook.rotateConfirm')}
            </button>
            <button
              type="button"
              className="heap-sync-widget__button"
              onClick={() => setConfirmingRotate(false)}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="heap-sync-widget__button"
          disabled={readOnly || rotate.isPending}
          onClick={() => {
            rotate.reset();
            setConfirmingRotate(true);
          }}
        >
          {rotate.isPending ? t('heapWebhook.rotating') : t('heapWebhook.rotate')}
        </button>
      )}
      {rotate.isSuccess && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--success" role="status">
          {t('heapWebhook.rotated')}
        </p>
      )}
      {rotate.error && <ErrorNotice error={rotate.error} />}
      <HeapWebhookSecretForm webhook={webhook} readOnly={readOnly} onForbidden={onForbidden} />
    </section>
  );
}
