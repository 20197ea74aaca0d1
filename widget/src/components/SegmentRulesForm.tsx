import {
  fieldErrorsOf,
  MAX_SEGMENT_RULES,
  segmentRulesSchema,
  type SegmentRuleDto,
} from '@heap-sync/shared';
import { useId, useState, type FormEvent } from 'react';
import type { WidgetApiError } from '../api/widget-api-error';
import { useSaveSegmentRules } from '../hooks/useSaveSegmentRules';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';
import {
  canUploadFor,
  newRuleDraft,
  ruleErrorFor,
  toRuleDraft,
  toRulesInput,
  unplacedRuleErrors,
  type RuleDraft,
} from '../segment-rules/rule-drafts';
import { ErrorNotice } from './ErrorNotice';
import { SegmentRuleFields } from './SegmentRuleFields';

interface SegmentRulesFormProps {
  rules: SegmentRuleDto[];
  readOnly: boolean;
  onForbidden: (error: WidgetApiError) => void;
}

/** The list of segment rules, saved as a whole after the shared schema accepts it. */
export function SegmentRulesForm({ rules, readOnly, onForbidden }: SegmentRulesFormProps) {
  const { t } = useWidgetEnvironment();
  const id = useId();
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => rules.map(toRuleDraft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveSegmentRules();
  const general = unplacedRuleErrors(errors);

  const edit = (key: string, patch: Partial<RuleDraft>) => {
    setDrafts((current) =>
      current.map((draft) => (draft.key === key ? { ...draft, ...patch } : draft)),
    );
    save.reset();
  };

  // Errors are keyed by position, so adding or removing a rule makes them point elsewhere.
  const reshape = (next: (current: RuleDraft[]) => RuleDraft[]) => {
    setDrafts(next);
    setErrors({});
    save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = segmentRulesSchema.safeParse(toRulesInput(drafts));

    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));

      return;
    }

    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: (saved) => setDrafts(saved.rules.map(toRuleDraft)),
      onError: (error) => {
        setErrors(error.fieldErrors);

        if (error.isForbidden) {
          onForbidden(error);
        }
      },
    });
  };

  return (
    <form
      className="heap-sync-widget__section"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      noValidate
    >
      <h4 className="heap-sync-widget__section-title" id={`${id}-title`}>
        {t('segmentRules.title')}
      </h4>
      <p className="heap-sync-widget__hint">{t('segmentRules.hint')}</p>
      {drafts.length === 0 && <p className="heap-sync-widget__muted">{t('segmentRules.empty')}</p>}
      {drafts.length > 0 && (
        <ol className="heap-sync-widget__rules">
          {drafts.map((draft, index) => (
            <SegmentRuleFields
              key={draft.key}
              index={index}
              draft={draft}
              errorFor={(field) => ruleErrorFor(errors, index, field)}
              onChange={(patch) => edit(draft.key, patch)}
              onRemove={() => reshape((current) => current.filter((d) => d.key !== draft.key))}
              canUpload={canUploadFor(draft, rules)}
              disabled={readOnly}
              onForbidden={onForbidden}
            />
          ))}
        </ol>
      )}
      <div className="heap-sync-widget__actions">
        <button
          type="button"
          className="heap-sync-widget__button"
          disabled={readOnly || drafts.length >= MAX_SEGMENT_RULES}
          onClick={() => reshape((current) => [...current, newRuleDraft()])}
        >
          {t('segmentRules.add')}
        </button>
        {general.map((message) => (
          <p key={message} className="heap-sync-widget__field-error">
            {message}
          </p>
        ))}
        {save.error && <ErrorNotice error={save.error} />}
        {save.isSuccess && (
          <p className="heap-sync-widget__notice heap-sync-widget__notice--success" role="status">
            {t('segmentRules.saved')}
          </p>
        )}
        <button
          type="submit"
          className="heap-sync-widget__button heap-sync-widget__button--primary"
          disabled={readOnly || save.isPending}
        >
          {save.isPending ? t('segmentRules.saving') : t('segmentRules.save')}
        </button>
      </div>
    </form>
  );
}
