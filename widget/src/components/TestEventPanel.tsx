import { useId, useState, type FormEvent } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useTestEvent } from '../hooks/useTestEvent';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { FieldError } from './FieldError';

interface TestEventPanelProps {
  disabled: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** Sends one test event to Heap with the saved settings and shows Heap's answer. */
export function TestEventPanel({ disabled, onForbidden }: TestEventPanelProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const [identity, setIdentity] = useState('');
  const testEvent = useTestEvent();
  const result = testEvent.data;
  const identityError = testEvent.error?.fieldErrors.identity;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    testEvent.mutate(
      { identity: identity.trim() },
      { onError: (error) => error.isForbidden && onForbidden(error) },
    );
  };

  return (
    <form className="heap-sync-widget__section" onSubmit={submit} noValidate>
      <h3 className="heap-sync-widget__section-title">{t('testEvent.title')}</h3>
      <p className="heap-sync-widget__hint">{t('testEvent.hint')}</p>
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__label" htmlFor={`${id}-identity`}>
          {t('testEvent.identity')}
        </label>
        <input
          id={`${id}-identity`}
          className="heap-sync-widget__input"
          type="text"
          autoComplete="off"
          value={identity}
          disabled={disabled}
          aria-invalid={identityError ? true : undefined}
          aria-describedby={identityError ? `${id}-identity-error` : undefined}
          onChange={(event) => setIdentity(event.target.value)}
        />
        <FieldError id={`${id}-identity-error`} message={identityError} />
      </div>
      <button
        type="submit"
        className="heap-sync-widget__button"
        disabled={disabled || testEvent.isPending || !identity.trim()}
      >
        {testEvent.isPending ? t('testEvent.sending') : t('testEvent.send')}
      </button>
      {result && (
        <div
          className={`heap-sync-widget__notice heap-sync-widget__notice--${result.ok ? 'success' : 'error'}`}
          role="status"
          data-ok={String(result.ok)}
        >
          <p>{result.ok ? t('testEvent.ok') : t('testEvent.failed')}</p>
          <p>
            {result.heapStatus === null
              ? t('testEvent.heapUnreachable')
              : t('testEvent.heapStatus', { status: result.heapStatus })}
          </p>
          {!result.ok && result.message && <p>{result.message}</p>}
        </div>
      )}
      {testEvent.error && <ErrorNotice error={testEvent.error} />}
    </form>
  );
}
