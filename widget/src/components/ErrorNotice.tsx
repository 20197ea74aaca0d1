import { CLIENT_ERROR_CODES, type WidgetApiError } from '../api/widget-api-error';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

interface ErrorNoticeProps {
  error: WidgetApiError;
}

/** A backend error as the user should read it; the backend's own message when it sent one. */
export function ErrorNotice({ error }: ErrorNoticeProps) {
  const { t } = useWidgetEnvironment();
  const message =
    error.code === CLIENT_ERROR_CODES.network
      ? t('errors.network')
      : error.code === CLIENT_ERROR_CODES.invalidResponse
        ? t('errors.invalidResponse')
        : error.message;

  return (
    <div className="heap-sync-widget__notice heap-sync-widget__notice--error" role="alert">
      <p>{message}</p>
      {error.body.errorId && (
        <p className="heap-sync-widget__muted">{t('errors.errorId', { id: error.body.errorId })}</p>
      )}
    </div>
  );
}
