import { HEAP_REGIONS, type HeapRegion } from '@heap-sync/shared';
import { useId } from 'react';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { FieldError } from './FieldError';

interface HeapProjectFieldsProps {
  appId: string;
  region: HeapRegion;
  onAppIdChange: (appId: string) => void;
  onRegionChange: (region: HeapRegion) => void;
  disabled: boolean;
  appIdError: string | undefined;
  regionError: string | undefined;
}

export function HeapProjectFields(props: HeapProjectFieldsProps) {
  const { appId, region, onAppIdChange, onRegionChange, disabled, appIdError, regionError } = props;
  const { t } = useWidgetEnvironment();
  const id = useId();

  return (
    <section className="heap-sync-widget__section">
      <h3 className="heap-sync-widget__section-title">{t('heap.title')}</h3>
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__label" htmlFor={`${id}-app-id`}>
          {t('heap.appId')}
        </label>
        <input
          id={`${id}-app-id`}
          className="heap-sync-widget__input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={appId}
          disabled={disabled}
          aria-invalid={appIdError ? true : undefined}
          aria-describedby={`${id}-app-id-hint${appIdError ? ` ${id}-app-id-error` : ''}`}
          onChange={(event) => onAppIdChange(event.target.value)}
        />
        <p className="heap-sync-widget__hint" id={`${id}-app-id-hint`}>
          {t('heap.appIdHint')}
        </p>
        <FieldError id={`${id}-app-id-error`} message={appIdError} />
      </div>
      <div className="heap-sync-widget__field">
        <label className="heap-sync-widget__label" htmlFor={`${id}-region`}>
          {t('heap.region')}
        </label>
        <select
          id={`${id}-region`}
          className="heap-sync-widget__select"
          value={region}
          disabled={disabled}
          aria-invalid={regionError ? true : undefined}
          aria-describedby={regionError ? `${id}-region-error` : undefined}
          onChange={(event) => onRegionChange(event.target.value as HeapRegion)}
        >
          {HEAP_REGIONS.map((code) => (
            <option key={code} value={code}>
              {t(`heap.region.${code}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-region-error`} message={regionError} />
      </div>
    </section>
  );
}
