import {
  defaultSettings,
  type BackfillProgressDto,
  type BackfillStatusResponse,
  type DealSyncResponse,
  type FieldsResponse,
  type PipelinesResponse,
  type SegmentRuleDto,
  type SegmentsResponse,
  type SegmentSyncDto,
  type SegmentUserRecordDto,
  type SettingsResponse,
  type SyncRecordDto,
} from '@heap-sync/shared';

export function settingsResponse(overrides: Partial<SettingsResponse> = {}): SettingsResponse {
  return {
    installation: {
      accountId: 30011,
      status: 'active',
      reconnectUrl: 'https://heap-sync.test/oauth/kommo/start?account=30011',
    },
    configured: true,
    canEdit: true,
    settings: { ...defaultSettings('123456') },
    ...overrides,
  };
}

export const fieldsResponse: FieldsResponse = {
  leadFields: [
    { id: 2001, name: 'Plan', type: 'select', code: null, enums: [{ id: 1, value: 'Pro' }] },
    { id: 2002, name: 'Lead source', type: 'text', code: null, enums: [] },
  ],
  contactFields: [
    { id: 3001, name: 'Email', type: 'multitext', code: 'EMAIL', enums: [] },
    { id: 3002, name: 'Heap user ID', type: 'text', code: null, enums: [] },
  ],
};

const systemStatuses = [
  { id: 142, name: 'Closed - won', color: '#ccff66', type: 0 },
  { id: 143, name: 'Closed - lost', color: '#d5d8db', type: 0 },
];

export const pipelinesResponse: PipelinesResponse = {
  pipelines: [
    {
      id: 11,
      name: 'Sales',
      isMain: true,
      statuses: [
        { id: 1001, name: 'Incoming leads', color: '#c1c1c1', type: 1 },
        { id: 1003, name: 'Contract signed', color: '#99ccff', type: 0 },
        ...systemStatuses,
      ],
    },
    {
      id: 12,
      name: 'Renewals',
      isMain: false,
      statuses: [{ id: 1201, name: 'Renewal due', color: null, type: 0 }, ...systemStatuses],
    },
  ],
};

export function syncRecord(overrides: Partial<SyncRecordDto> = {}): SyncRecordDto {
  return {
    id: 'rec-1',
    leadId: 5001,
    kind: 'won',
    state: 'synced',
    attempts: 1,
    lastError: null,
    sent: {
      identity: 'ann@example.com',
      event: 'crm_deal_won',
      eventProperties: { deal_id: 5001, amount: 1200, pipeline: 'Sales' },
      userProperties: { plan: 'Pro', lifetime_value: 1200 },
      timestamp: '2026-03-02T10:00:00.000Z',
      idempotencyKey: 'kommo:30011:lead:5001:won',
    },
    occurredAt: '2026-03-02T10:00:00.000Z',
    createdAt: '2026-03-02T10:00:01.000Z',
    updatedAt: '2026-03-02T10:00:05.000Z',
    syncedAt: '2026-03-02T10:00:05.000Z',
    ...overrides,
  };
}

export function dealSync(
  badge: DealSyncResponse['badge'],
  records: SyncRecordDto[],
  lastSyncedAt: string | null = null,
): DealSyncResponse {
  return { leadId: 5001, badge, lastSyncedAt, records };
}

export const HEAP_WEBHOOK_URL = 'https://heap-sync.test/api/heap/segments/tok_1';

export function segmentRule(overrides: Partial<SegmentRuleDto> = {}): SegmentRuleDto {
  return {
    id: '0b7c1d2e-0000-4000-8000-000000000001',
    heapSegmentId: 1338065,
    segmentName: 'Churn risk',
    taskText: 'Call {identity}: entered {segment}',
    taskTypeId: 1,
    dueInDays: 3,
    target: 'deal',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export function segmentsResponse(
  rules: SegmentRuleDto[] = [segmentRule()],
  heapWebhook: Partial<SegmentsResponse['heapWebhook']> = {},
): SegmentsResponse {
  return {
    rules,
    heapWebhook: { url: HEAP_WEBHOOK_URL, secretSet: false, secretUpdatedAt: null, ...heapWebhook },
  };
}

export function segmentSync(overrides: Partial<SegmentSyncDto> = {}): SegmentSyncDto {
  return {
    id: 'sync-1',
    source: 'heap',
    externalId: 'heap-task-1',
    heapSegmentId: 1338065,
    segmentName: 'Churn risk',
    ruleId: segmentRule().id,
    totalPages: 3,
    pagesReceived: 3,
    usersRemoved: 0,
    note: null,
    counts: { pending: 0, created: 7, already_had_task: 2, no_contact: 3, failed: 1 },
    status: 'done',
    createdAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-02T08:01:00.000Z',
    ...overrides,
  };
}

export function segmentUserRecord(
  overrides: Partial<SegmentUserRecordDto> = {},
): SegmentUserRecordDto {
  return {
    id: 'user-1',
    identity: 'ann@example.com',
    state: 'created',
    reason: null,
    contactId: 3101,
    leadId: 5001,
    kommoTaskId: 9001,
    responsibleUserId: 77,
    attempts: 1,
    updatedAt: '2026-03-02T08:00:30.000Z',
    ...overrides,
  };
}

export function backfillProgress(
  overrides: Partial<BackfillProgressDto> = {},
): BackfillProgressDto {
  return {
    id: 'bf-1',
    dryRun: false,
    trigger: 'widget',
    status: 'done',
    dealsDone: 1200,
    dealsTotal: 1200,
    dealsTotalExact: true,
    dealsPerMinute: 400,
    secondsLeft: null,
    kommoRequests: 10,
    report: {
      send: { won: 900, plan_changed: 0, lost: 250 },
      skipped: { 'The main contact has no email': 50 },
      invalid: {},
      alreadySynced: 0,
      samples: [],
    },
    delivery: { pending: 0, synced: 1150, failed: 0 },
    errors: { count: 0, last: null },
    createdAt: '2026-03-02T07:00:00.000Z',
    startedAt: '2026-03-02T07:00:01.000Z',
    finishedAt: '2026-03-02T07:03:01.000Z',
    ...overrides,
  };
}

export function backfillStatus(
  run: BackfillProgressDto | null = null,
  dryRun: BackfillProgressDto | null = null,
): BackfillStatusResponse {
  return { run, dryRun };
}
