import {
  segmentRuleSchema,
  type SegmentRuleDto,
  type SegmentRulesInput,
  type SegmentTaskTarget,
} from '@heap-sync/shared';

/** One rule as the form holds it: number inputs stay text until the schema reads them. */
export interface RuleDraft {
  /** A React key that survives edits and removals of other rules. */
  key: string;
  /** The saved rule's id; null until the list is saved. */
  id: string | null;
  heapSegmentId: string;
  segmentName: string;
  taskText: string;
  taskTypeId: number;
  dueInDays: string;
  target: SegmentTaskTarget;
}

export type RuleField = Exclude<keyof RuleDraft, 'key' | 'id'>;

const RULE_FIELDS: RuleField[] = [
  'heapSegmentId',
  'segmentName',
  'taskText',
  'taskTypeId',
  'dueInDays',
  'target',
];

/** The schema's own defaults, so the form offers exactly what the backend would assume. */
export const RULE_DEFAULTS = segmentRuleSchema
  .pick({ taskTypeId: true, dueInDays: true, target: true })
  .parse({});

let drafted = 0;

export function newRuleDraft(): RuleDraft {
  drafted += 1;

  return {
    key: `new-${drafted}`,
    id: null,
    heapSegmentId: '',
    segmentName: '',
    taskText: '',
    taskTypeId: RULE_DEFAULTS.taskTypeId,
    dueInDays: String(RULE_DEFAULTS.dueInDays),
    target: RULE_DEFAULTS.target,
  };
}

export function toRuleDraft(rule: SegmentRuleDto): RuleDraft {
  return {
    key: rule.id,
    id: rule.id,
    heapSegmentId: String(rule.heapSegmentId),
    segmentName: rule.segmentName,
    taskText: rule.taskText,
    taskTypeId: rule.taskTypeId,
    dueInDays: String(rule.dueInDays),
    target: rule.target,
  };
}

/**
 * An empty box stays undefined: the schema then asks for the segment id, or applies its default
 * due date (the box shows it as placeholder). Other text becomes a number, NaN included, which
 * the schema refuses with its own message.
 */
function numberFrom(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.trim());
}

/** What `segmentRulesSchema` is asked to read; unchecked until it does. */
export function toRulesInput(drafts: RuleDraft[]): unknown {
  const rules = drafts.map((draft) => ({
    heapSegmentId: numberFrom(draft.heapSegmentId),
    segmentName: draft.segmentName,
    taskText: draft.taskText,
    taskTypeId: draft.taskTypeId,
    dueInDays: numberFrom(draft.dueInDays),
    target: draft.target,
  }));

  return { rules } satisfies Record<keyof SegmentRulesInput, unknown>;
}

export function ruleErrorFor(
  errors: Record<string, string>,
  index: number,
  field: RuleField,
): string | undefined {
  return errors[`rules.${index}.${field}`];
}

/** Errors no rule field claims (the list's length, a whole rule), shown by the Save button. */
export function unplacedRuleErrors(errors: Record<string, string>): string[] {
  const placed = new RegExp(`^rules\\.\\d+\\.(${RULE_FIELDS.join('|')})$`);

  return Object.entries(errors)
    .filter(([path]) => !placed.test(path))
    .map(([, message]) => message);
}

/** A CSV goes to the saved rule, so only while the draft still names its saved segment. */
export function canUploadFor(draft: RuleDraft, saved: SegmentRuleDto[]): boolean {
  const rule = saved.find((candidate) => candidate.id === draft.id);

  return !!rule && String(rule.heapSegmentId) === draft.heapSegmentId.trim();
}
