import { fieldErrorsOf, webhookSecretSchema, type SegmentsResponse } from '@heap-sync/shared';
import { useId, useState, type FormEvent } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { formatDateTime } from '../i18n/format-date-time';
import { useSetHeapWebhookSecret } from '../hooks/useSetHeapWebhookSecret';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { ErrorNotice } from './ErrorNotice';
import { FieldError } from './FieldError';

interface HeapWebhookSecretFormProps {
  webhook: SegmentsResponse['heapWebhook'];
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** Write-only: says whether a secret key is set and since when, and takes a new one. */
export function HeapWebhookSecretForm({
  webhook,
  readOnly,
  onForbidden,
}: HeapWebhookSecretFormProps) {
  const { t, locale } = useWidgetEnvironment();
  const id = useId();
  const [secret, setSecret] = useState('');
  const [localError, setLocalError] = useState<string>();
  const save = useSetHeapWebhookSecret();
  const error = localError ?? save.error?.fieldErrors.secret;
  const state = !webhook.secretSet
    ? t('heapWebhook.secretNotSet')
    : webhook.secretUpdatedAt
      ? t('heapWebhook.secretSetAt', { time: formatDateTime(webhook.secretUpdatedAt, locale) })
      : t('heapWebhook.secretSet');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = webhookSecretSchema.safeParse({ secret });

    if (!parsed.success) {
      setLocalError(fieldErrorsOf(parsed.error).secret);

      return;
    }

    setLocalError(undefined);
    save.mutate(parsed.data, {
      onSuccess: () => setSecret(''),
      onError: (failure) => failure.isForbidden && onForbidden(failure),
    });
  };

  return (
    <form className="heap-sync-widget__subsection" onSubmit={submit} noValidate>
      <p
        className={`heap-sync-widget__notice heap-sync-widget__notice--${webhook.secretSet ? 'success' : 'warning'}`}
      >
        {state}
      </p>
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__label" htmlFor={`${id}-secret`}>
          {webhook.secretSet ? t('heapWebhook.replaceSecret') : t('heapWebhook.secret')}
        </label>
        <input
          id={`${id}-secret`}
          className="heap-sync-widget__input"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={secret}
          disabled={readOnly}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(event) => {
            setSecret(event.target.value);
            save.reset();
          }}
        />
        <p className="heap-sync-widget__hint" id={`${id}-hint`}>
          {t('heapWebhook.secretHint')}
        </p>
        <FieldError id={`${id}-error`} message={error} />
      </div>
      <button
        type="submit"
        className="heap-sync-widget__button"
        disabled={readOnly || save.isPending || !secret}
      >
        {save.isPending ? t('settings.saving') : t('heapWebhook.saveSecret')}
      </button>
      {save.isSuccess && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--success" role="status">
          {t('heapWebhook.secretSaved')}
        </p>
      )}
      {save.error && !save.error.fieldErrors.secret && <ErrorNotice error={save.error} />}
    </form>
  );
}
