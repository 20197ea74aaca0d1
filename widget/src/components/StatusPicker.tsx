import {
  KOMMO_LOST_STATUS_ID,
  KOMMO_WON_STATUS_ID,
  type KommoPipelineDto,
  type StatusRef,
} from '@heap-sync/shared';
import { useId } from 'react';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { everyPipelineStatusIds, hasRef, setRef } from '../settings-form/status-refs';
import { FieldError } from './FieldError';

interface StatusPickerProps {
  outcome: 'won' | 'lost';
  refs: StatusRef[];
  pipelines: KommoPipelineDto[] | undefined;
  onChange: (refs: StatusRef[]) => void;
  disabled: boolean;
  error: string | undefined;
}

/**
 * The statuses that count as won (or lost): Kommo's system status in every pipeline by default,
 * plus any status chosen per pipeline.
 */
export function StatusPicker({
  outcome,
  refs,
  pipelines,
  onChange,
  disabled,
  error,
}: StatusPickerProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const systemStatusId = outcome === 'won' ? KOMMO_WON_STATUS_ID : KOMMO_LOST_STATUS_ID;
  const statusName = (statusId: number) =>
    pipelines?.flatMap((p) => p.statuses).find((s) => s.id === statusId)?.name ??
    t('statuses.unknownStatus', { id: statusId });
  const toggle = (ref: StatusRef, checked: boolean) => onChange(setRef(refs, ref, checked));

  return (
    <section className="heap-sync-widget__section">
      <fieldset
        className="heap-sync-widget__fieldset"
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend className="heap-sync-widget__section-title">
          {t(`statuses.${outcome}.title`)}
        </legend>
        <p className="heap-sync-widget__hint">{t(`statuses.${outcome}.hint`)}</p>
        <fieldset className="heap-sync-widget__pipeline">
          <legend className="heap-sync-widget__label">{t('statuses.everyPipeline')}</legend>
          {everyPipelineStatusIds(refs, systemStatusId).map((statusId) => (
            <label key={statusId} className="heap-sync-widget__choice">
              <input
                type="checkbox"
                checked={hasRef(refs, null, statusId)}
                disabled={disabled}
                onChange={(event) => toggle({ pipelineId: null, statusId }, event.target.checked)}
              />
              <span>
                {statusId === systemStatusId
                  ? t(`statuses.${outcome}.system`, { id: statusId })
                  : statusName(statusId)}
              </span>
            </label>
          ))}
        </fieldset>
        {pipelines?.map((pipeline) => (
          <fieldset key={pipeline.id} className="heap-sync-widget__pipeline">
            <legend className="heap-sync-widget__label">{pipeline.name}</legend>
            {pipeline.statuses.map((status) => {
              const everywhere = hasRef(refs, null, status.id);

              return (
                <label key={status.id} className="heap-sync-widget__choice">
                  <input
                    type="checkbox"
                    checked={everywhere || hasRef(refs, pipeline.id, status.id)}
                    disabled={disabled || everywhere}
                    title={everywhere ? t('statuses.includedEverywhere') : undefined}
                    onChange={(event) =>
                      toggle({ pipelineId: pipeline.id, statusId: status.id }, event.target.checked)
                    }
                  />
                  <span
                    className="heap-sync-widget__swatch"
                    style={status.color ? { backgroundColor: status.color } : undefined}
                    aria-hidden="true"
                  />
                  <span>{status.name}</span>
                </label>
              );
            })}
          </fieldset>
        ))}
        <FieldError id={`${id}-error`} message={error} />
      </fieldset>
    </section>
  );
}
