import {
  fieldErrorsOf,
  installationSettingsSchema,
  type FieldsResponse,
  type InstallationSettings,
  type PipelinesResponse,
  type SettingsResponse,
} from '@heap-sync/shared';
import { useState, type FormEvent } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useSaveSettings } from '../hooks/useSaveSettings';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { errorFor, unplacedErrors } from '../settings-form/field-errors';
import { ErrorNotice } from './ErrorNotice';
import { FieldSelect } from './FieldSelect';
import { HeapProjectFields } from './HeapProjectFields';
import { IdentityFields } from './IdentityFields';
import { StatusPicker } from './StatusPicker';

interface SettingsFormProps {
  response: SettingsResponse;
  fields: FieldsResponse | undefined;
  pipelines: PipelinesResponse | undefined;
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** The mapping an admin edits; validated with the shared schema before it is sent. */
export function SettingsForm(props: SettingsFormProps) {
  const { response, fields, pipelines, readOnly, onForbidden } = props;
  const { t } = useWidgetEnvironment();
  const [draft, setDraft] = useState<InstallationSettings>(response.settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveSettings();
  const update = (patch: Partial<InstallationSettings>) => {
    setDraft((current) => ({ ...current, ...patch }));
    save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = installationSettingsSchema.safeParse(draft);

    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));

      return;
    }

    setErrors({});
    save.mutate(parsed.data, {
      onError: (error) => {
        setErrors(error.fieldErrors);

        if (error.isForbidden) {
          onForbidden(error);
        }
      },
    });
  };

  const leadFields = fields?.leadFields;
  const general = unplacedErrors(errors);

  return (
    <form className="heap-sync-widget__form" onSubmit={submit} noValidate>
      <HeapProjectFields
        appId={draft.heapAppId}
        region={draft.heapRegion}
        disabled={readOnly}
        appIdError={errorFor(errors, 'heapAppId')}
        regionError={errorFor(errors, 'heapRegion')}
        onAppIdChange={(heapAppId) => update({ heapAppId })}
        onRegionChange={(heapRegion) => update({ heapRegion })}
      />
      <IdentityFields
        identity={draft.identity}
        contactFields={fields?.contactFields}
        disabled={readOnly}
        errors={{
          source: errorFor(errors, 'identitySource'),
          contactFieldId: errorFor(errors, 'contactFieldId'),
          lowercaseEmail: errorFor(errors, 'lowercaseEmail'),
        }}
        onChange={(identity) => update({ identity })}
      />
      <section className="heap-sync-widget__section">
        <h3 className="heap-sync-widget__section-title">{t('leadFields.title')}</h3>
        <FieldSelect
          label={t('leadFields.plan')}
          hint={t('leadFields.planHint')}
          value={draft.planFieldId}
          fields={leadFields}
          disabled={readOnly}
          error={errorFor(errors, 'planFieldId')}
          onChange={(planFieldId) => update({ planFieldId })}
        />
        <FieldSelect
          label={t('leadFields.source')}
          hint={t('leadFields.sourceHint')}
          value={draft.sourceFieldId}
          fields={leadFields}
          disabled={readOnly}
          error={errorFor(errors, 'sourceFieldId')}
          onChange={(sourceFieldId) => update({ sourceFieldId })}
        />
      </section>
      <StatusPicker
        outcome="won"
        refs={draft.wonStatuses}
        pipelines={pipelines?.pipelines}
        disabled={readOnly}
        error={errorFor(errors, 'wonStatuses')}
        onChange={(wonStatuses) => update({ wonStatuses })}
      />
      <StatusPicker
        outcome="lost"
        refs={draft.lostStatuses}
        pipelines={pipelines?.pipelines}
        disabled={readOnly}
        error={errorFor(errors, 'lostStatuses')}
        onChange={(lostStatuses) => update({ lostStatuses })}
      />
      <div className="heap-sync-widget__actions">
        {general.map((message) => (
          <p key={message} className="heap-sync-widget__field-error">
            {message}
          </p>
        ))}
        {save.error && <ErrorNotice error={save.error} />}
        {save.isSuccess && (
          <p className="heap-sync-widget__notice heap-sync-widget__notice--success" role="status">
            {t('settings.saved')}
          </p>
        )}
        {!readOnly && (
          <button
            type="submit"
            className="heap-sync-widget__button heap-sync-widget__button--primary"
            disabled={save.isPending}
          >
            {save.isPending ? t('settings.saving') : t('settings.save')}
          </button>
        )}
      </div>
    </form>
  );
}
