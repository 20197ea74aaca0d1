import {
  defaultSettings,
  type DealSyncResponse,
  type FieldsResponse,
  type PipelinesResponse,
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
