import { z } from 'zod';

/** Paths of the segment endpoints of the widget API, relative to the backend origin. */
export const SEGMENTS_API = {
  segments: '/api/widget/segments',
  rules: '/api/widget/segments/rules',
  webhookSecret: '/api/widget/segments/webhook-secret',
  rotateWebhookUrl: '/api/widget/segments/webhook-url/rotate',
  syncs: '/api/widget/segments/syncs',
  syncRecords: (syncId: string) => `/api/widget/segments/syncs/${syncId}/records`,
  upload: (ruleId: string) => `/api/widget/segments/rules/${ruleId}/upload`,
} as const;

/** Where a task goes: the contact's most relevant deal, or the contact itself. */
export const SEGMENT_TASK_TARGETS = ['deal', 'contact'] as const;
export type SegmentTaskTarget = (typeof SEGMENT_TASK_TARGETS)[number];

/** Kommo's built-in task types: 1 follow-up, 2 meeting; accounts may add their own. */
export const KOMMO_TASK_TYPE_FOLLOW_UP = 1;
export const MAX_SEGMENT_RULES = 50;

/**
 * One Heap segment that turns into Kommo tasks. `{identity}` and `{segment}` in the text are
 * replaced with the Heap user and the segment name.
 */
export const segmentRuleSchema = z.object({
  heapSegmentId: z
    .number({ error: 'Enter the Heap segment id (a number)' })
    .int()
    .positive('Enter the Heap segment id (a number)'),
  segmentName: z.string().trim().min(1, 'Enter the segment name').max(255),
  taskText: z.string().trim().min(1, 'Enter the task text').max(1000),
  taskTypeId: z.number().int().positive().default(KOMMO_TASK_TYPE_FOLLOW_UP),
  dueInDays: z.number().int().min(0, 'At least 0 days').max(365, 'At most 365 days').default(3),
  target: z.enum(SEGMENT_TASK_TARGETS).default('deal'),
});
export type SegmentRuleInput = z.input<typeof segmentRuleSchema>;
export type SegmentRule = z.output<typeof segmentRuleSchema>;

/** What an admin saves: the whole list, one rule per Heap segment. */
export const segmentRulesSchema = z.object({
  rules: z
    .array(segmentRuleSchema)
    .max(MAX_SEGMENT_RULES, `At most ${MAX_SEGMENT_RULES} segments`)
    .superRefine((rules, ctx) => {
      const seen = new Set<number>();
      rules.forEach((rule, index) => {
        if (seen.has(rule.heapSegmentId)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'heapSegmentId'],
            message: 'This segment already has a rule',
          });
        }
        seen.add(rule.heapSegmentId);
      });
    }),
});
export type SegmentRulesInput = z.input<typeof segmentRulesSchema>;

export const webhookSecretSchema = z.object({
  secret: z
    .string({ error: 'Paste the webhook secret key from Heap' })
    .trim()
    .min(8, 'The secret key is at least 8 characters')
    .max(512),
});

export interface SegmentRuleDto extends SegmentRule {
  id: string;
  updatedAt: string;
}

export interface SegmentsResponse {
  rules: SegmentRuleDto[];
  heapWebhook: {
    /** The URL to paste into Heap; shown to admins only (null for other users). */
    url: string | null;
    secretSet: boolean;
    secretUpdatedAt: string | null;
  };
}

export const SEGMENT_SYNC_SOURCES = ['heap', 'csv'] as const;
export type SegmentSyncSource = (typeof SEGMENT_SYNC_SOURCES)[number];

/** What happened to one Heap user of one sync. */
export const SEGMENT_USER_STATES = [
  'pending',
  'created',
  'already_had_task',
  'no_contact',
  'failed',
] as const;
export type SegmentUserState = (typeof SEGMENT_USER_STATES)[number];

export interface SegmentSyncDto {
  id: string;
  source: SegmentSyncSource;
  /** Heap's sync_task_id, or the upload's own id. */
  externalId: string;
  heapSegmentId: number;
  segmentName: string;
  ruleId: string | null;
  totalPages: number;
  pagesReceived: number;
  usersRemoved: number;
  /** Why the sync created no work, e.g. no rule for its segment. */
  note: string | null;
  counts: Record<SegmentUserState, number>;
  /** receiving: pages missing; processing: users pending; done otherwise. */
  status: 'receiving' | 'processing' | 'done';
  createdAt: string;
  updatedAt: string;
}

export interface SegmentSyncsResponse {
  syncs: SegmentSyncDto[];
}

export interface SegmentUserRecordDto {
  id: string;
  identity: string;
  state: SegmentUserState;
  reason: string | null;
  contactId: number | null;
  leadId: number | null;
  kommoTaskId: number | null;
  responsibleUserId: number | null;
  attempts: number;
  updatedAt: string;
}

export interface SegmentSyncRecordsResponse {
  sync: SegmentSyncDto;
  records: SegmentUserRecordDto[];
  total: number;
}

export interface SegmentUploadResponse {
  sync: SegmentSyncDto;
  /** Distinct identities queued; repeated lines count once. */
  accepted: number;
}
