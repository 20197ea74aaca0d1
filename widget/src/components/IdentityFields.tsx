import { IDENTITY_SOURCES, type IdentitySettings, type KommoFieldDto } from '@heap-sync/shared';
import { useId } from 'react';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { FieldError } from './FieldError';
import { FieldSelect } from './FieldSelect';

interface IdentityFieldsProps {
  identity: IdentitySettings;
  contactFields: KommoFieldDto[] | undefined;
  onChange: (identity: IdentitySettings) => void;
  disabled: boolean;
  errors: {
    source: string | undefined;
    contactFieldId: string | undefined;
    lowercaseEmail: string | undefined;
  };
}

/** Which contact value becomes the Heap identity of the deal's buyer. */
export function IdentityFields({
  identity,
  contactFields,
  onChange,
  disabled,
  errors,
}: IdentityFieldsProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();

  return (
    <section className="heap-sync-widget__section">
      <fieldset
        className="heap-sync-widget__fieldset"
        aria-describedby={errors.source ? `${id}-source-error` : undefined}
      >
        <legend className="heap-sync-widget__section-title">{t('identity.title')}</legend>
        <p className="heap-sync-widget__hint">{t('identity.hint')}</p>
        {IDENTITY_SOURCES.map((source) => (
          <label key={source} className="heap-sync-widget__choice">
            <input
              type="radio"
              name={`${id}-source`}
              value={source}
              checked={identity.source === source}
              disabled={disabled}
              onChange={() => onChange({ ...identity, source })}
            />
            <span>{t(`identity.source.${source}`)}</span>
          </label>
        ))}
        <FieldError id={`${id}-source-error`} message={errors.source} />
      </fieldset>
      {identity.source === 'custom_field' && (
        <FieldSelect
          label={t('identity.contactField')}
          value={identity.contactFieldId}
          fields={contactFields}
          allowNone={false}
          disabled={disabled}
          error={errors.contactFieldId}
          onChange={(contactFieldId) => onChange({ ...identity, contactFieldId })}
        />
      )}
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__choice">
          <input
            type="checkbox"
            checked={identity.lowercaseEmail}
            disabled={disabled}
            aria-describedby={`${id}-lowercase-hint`}
            onChange={(event) => onChange({ ...identity, lowercaseEmail: event.target.checked })}
          />
          <span>{t('identity.lowercaseEmail')}</span>
        </label>
        <p className="heap-sync-widget__hint" id={`${id}-lowercase-hint`}>
          {t('identity.lowercaseEmailHint')}
        </p>
        <FieldError id={`${id}-lowercase-error`} message={errors.lowercaseEmail} />
      </div>
    </section>
  );
}
