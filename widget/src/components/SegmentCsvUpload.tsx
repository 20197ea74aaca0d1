import { useId, useState } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { formatNumber } from '../i18n/format-number';
import { useUploadSegmentCsv } from '../hooks/useUploadSegmentCsv';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { readFileText } from '../segment-rules/read-file-text';
import { ErrorNotice } from './ErrorNotice';
import { FieldError } from './FieldError';

interface SegmentCsvUploadProps {
  ruleId: string;
  disabled: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** A hand-made export of the segment's users, read here and sent as text/csv. */
export function SegmentCsvUpload({ ruleId, disabled, onForbidden }: SegmentCsvUploadProps) {
  const { t, locale } = useWidgetEnvironment();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [readFailed, setReadFailed] = useState(false);
  const upload = useUploadSegmentCsv();
  // The backend names the file's problem (empty, several columns, too many lines) as `file`.
  const fileError = readFailed ? t('segmentCsv.readFailed') : upload.error?.fieldErrors.file;

  const send = async () => {
    if (!file) {
      return;
    }

    let csv: string;

    try {
      csv = await readFileText(file);
    } catch {
      setReadFailed(true);

      return;
    }

    upload.mutate({ ruleId, csv }, { onError: (error) => error.isForbidden && onForbidden(error) });
  };

  return (
    <div className="heap-sync-widget__field heap-sync-widget__upload">
      <label className="heap-sync-widget__label" htmlFor={`${id}-file`}>
        {t('segmentCsv.label')}
      </label>
      <div className="heap-sync-widget__inline">
        <input
          id={`${id}-file`}
          className="heap-sync-widget__file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          disabled={disabled}
          aria-invalid={fileError ? true : undefined}
          aria-describedby={`${id}-hint${fileError ? ` ${id}-error` : ''}`}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setReadFailed(false);
            upload.reset();
          }}
        />
        <button
          type="button"
          className="heap-sync-widget__button"
          disabled={disabled || !file || upload.isPending}
          onClick={() => void send()}
        >
          {upload.isPending ? t('segmentCsv.uploading') : t('segmentCsv.upload')}
        </button>
      </div>
      <p className="heap-sync-widget__hint" id={`${id}-hint`}>
        {t('segmentCsv.hint')}
      </p>
      <FieldError id={`${id}-error`} message={fileError} />
      {upload.error && !fileError && <ErrorNotice error={upload.error} />}
      {upload.data && (
        <p className="heap-sync-widget__notice heap-sync-widget__notice--success" role="status">
          {t('segmentCsv.accepted', { count: formatNumber(upload.data.accepted, locale) })}
        </p>
      )}
    </div>
  );
}
