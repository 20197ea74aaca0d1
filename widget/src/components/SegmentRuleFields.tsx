import { KOMMO_TASK_TYPE_FOLLOW_UP, SEGMENT_TASK_TARGETS } from '@heap-sync/shared';
import { useId } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import type { MessageKey } from '../i18n/translator';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import { RULE_DEFAULTS, type RuleDraft, type RuleField } from '../segment-rules/rule-drafts';
import { FieldError } from './FieldError';
import { SegmentCsvUpload } from './SegmentCsvUpload';

/** Kommo's built-in task types; an account's own types keep their id in the list. */
const KOMMO_TASK_TYPE_MEETING = 2;
const TASK_TYPES: { id: number; label: MessageKey }[] = [
  { id: KOMMO_TASK_TYPE_FOLLOW_UP, label: 'segmentRules.taskType.followUp' },
  { id: KOMMO_TASK_TYPE_MEETING, label: 'segmentRules.taskType.meeting' },
];

interface SegmentRuleFieldsProps {
  index: number;
  draft: RuleDraft;
  errorFor: (field: RuleField) => string | undefined;
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
  /** Whether a CSV can be uploaded now: the rule is saved and still names its segment. */
  canUpload: boolean;
  disabled: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** One Heap segment and the Kommo task its new users become. */
export function SegmentRuleFields(props: SegmentRuleFieldsProps) {
  const { index, draft, errorFor, onChange, onRemove, canUpload, disabled, onForbidden } = props;
  const { t } = useWidgetEnvironment();
  const id = useId();
  const knownType = TASK_TYPES.some((type) => type.id === draft.taskTypeId);
  const describedBy = (field: RuleField, hint = false) =>
    [hint && `${id}-${field}-hint`, errorFor(field) && `${id}-${field}-error`]
      .filter(Boolean)
      .join(' ') || undefined;
  const control = (field: RuleField) => ({
    id: `${id}-${field}`,
    disabled,
    'aria-invalid': errorFor(field) ? true : undefined,
  });

  return (
    <li className="heap-sync-widget__rule">
      <fieldset className="heap-sync-widget__fieldset">
        <legend className="heap-sync-widget__label">
          {t('segmentRules.rule', { number: index + 1 })}
        </legend>
        <div className="heap-sync-widget__columns">
          <div className="heap-sync-widget__field">
            <label className="heap-sync-widget__label" htmlFor={`${id}-heapSegmentId`}>
              {t('segmentRules.segmentId')}
            </label>
            <input
              {...control('heapSegmentId')}
              className="heap-sync-widget__input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={draft.heapSegmentId}
              aria-describedby={describedBy('heapSegmentId', true)}
              onChange={(event) => onChange({ heapSegmentId: event.target.value })}
            />
            <p className="heap-sync-widget__hint" id={`${id}-heapSegmentId-hint`}>
              {t('segmentRules.segmentIdHint')}
            </p>
            <FieldError id={`${id}-heapSegmentId-error`} message={errorFor('heapSegmentId')} />
          </div>
          <div className="heap-sync-widget__field">
            <label className="heap-sync-widget__label" htmlFor={`${id}-segmentName`}>
              {t('segmentRules.segmentName')}
            </label>
            <input
              {...control('segmentName')}
              className="heap-sync-widget__input"
              type="text"
              autoComplete="off"
              value={draft.segmentName}
              aria-describedby={describedBy('segmentName')}
              onChange={(event) => onChange({ segmentName: event.target.value })}
            />
            <FieldError id={`${id}-segmentName-error`} message={errorFor('segmentName')} />
          </div>
        </div>
        <div className="heap-sync-widget__field">
          <label className="heap-sync-widget__label" htmlFor={`${id}-taskText`}>
            {t('segmentRules.taskText')}
          </label>
          <textarea
            {...control('taskText')}
            className="heap-sync-widget__input heap-sync-widget__textarea"
            rows={2}
            value={draft.taskText}
            aria-describedby={describedBy('taskText', true)}
            onChange={(event) => onChange({ taskText: event.target.value })}
          />
          <p className="heap-sync-widget__hint" id={`${id}-taskText-hint`}>
            {t('segmentRules.taskTextHint')}
          </p>
          <FieldError id={`${id}-taskText-error`} message={errorFor('taskText')} />
        </div>
        <div className="heap-sync-widget__columns">
          <div className="heap-sync-widget__field">
            <label className="heap-sync-widget__label" htmlFor={`${id}-taskTypeId`}>
              {t('segmentRules.taskType')}
            </label>
            <select
              {...control('taskTypeId')}
              className="heap-sync-widget__select"
              value={String(draft.taskTypeId)}
              aria-describedby={describedBy('taskTypeId')}
              onChange={(event) => onChange({ taskTypeId: Number(event.target.value) })}
            >
              {TASK_TYPES.map((type) => (
                <option key={type.id} value={String(type.id)}>
                  {t(type.label)}
                </option>
              ))}
              {!knownType && (
                <option value={String(draft.taskTypeId)}>
                  {t('segmentRules.taskType.other', { id: draft.taskTypeId })}
                </option>
              )}
            </select>
            <FieldError id={`${id}-taskTypeId-error`} message={errorFor('taskTypeId')} />
          </div>
          <div className="heap-sync-widget__field">
            <label className="heap-sync-widget__label" htmlFor={`${id}-dueInDays`}>
              {t('segmentRules.dueInDays')}
            </label>
            <input
              {...control('dueInDays')}
              className="heap-sync-widget__input heap-sync-widget__input--short"
              type="number"
              min={0}
              max={365}
              step={1}
              placeholder={String(RULE_DEFAULTS.dueInDays)}
              value={draft.dueInDays}
              aria-describedby={describedBy('dueInDays')}
              onChange={(event) => onChange({ dueInDays: event.target.value })}
            />
            <FieldError id={`${id}-dueInDays-error`} message={errorFor('dueInDays')} />
          </div>
          <div className="heap-sync-widget__field">
            <label className="heap-sync-widget__label" htmlFor={`${id}-target`}>
              {t('segmentRules.target')}
            </label>
            <select
              {...control('target')}
              className="heap-sync-widget__select"
              value={draft.target}
              aria-describedby={describedBy('target')}
              onChange={(event) => onChange({ target: event.target.value as RuleDraft['target'] })}
            >
              {SEGMENT_TASK_TARGETS.map((target) => (
                <option key={target} value={target}>
                  {t(`segmentRules.target.${target}`)}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-target-error`} message={errorFor('target')} />
          </div>
        </div>
        {draft.id && canUpload ? (
          <SegmentCsvUpload ruleId={draft.id} disabled={disabled} onForbidden={onForbidden} />
        ) : (
          <p className="heap-sync-widget__hint">{t('segmentCsv.saveFirst')}</p>
        )}
        <button
          type="button"
          className="heap-sync-widget__button"
          disabled={disabled}
          onClick={onRemove}
        >
          {t('segmentRules.remove')}
        </button>
      </fieldset>
    </li>
  );
}
