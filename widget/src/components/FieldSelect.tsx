import type { KommoFieldDto } from '@heap-sync/shared';
import { useId } from 'react';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { FieldError } from './FieldError';

interface FieldSelectProps {
  label: string;
  hint?: string;
  value: number | null;
  fields: KommoFieldDto[] | undefined;
  onChange: (fieldId: number | null) => void;
  disabled: boolean;
  error: string | undefined;
  /** Offer "none"; false when a field must be chosen. */
  allowNone?: boolean;
}

/** Picks one of the account's custom fields; keeps a saved id visible even if it is gone. */
export function FieldSelect(props: FieldSelectProps) {
  const { label, hint, value, fields, onChange, disabled, error, allowNone = true } = props;
  const { t } = useWidgetEnvironment();
  const id = useId();
  const known = fields?.some((field) => field.id === value) ?? false;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');

  return (
    <div className="heap-sync-widget__field">
      <label className="heap-sync-widget__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="heap-sync-widget__select"
        value={value === null ? '' : String(value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">{allowNone ? t('fields.none') : t('fields.choose')}</option>
        {value !== null && !known && (
          <option value={String(value)}>{t('fields.unknownField', { id: value })}</option>
        )}
        {fields?.map((field) => (
          <option key={field.id} value={String(field.id)}>
            {field.name}
          </option>
        ))}
      </select>
      {hint && (
        <p className="heap-sync-widget__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
