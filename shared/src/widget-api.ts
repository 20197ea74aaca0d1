import type { InstallationSettings } from './settings';
import type { BadgeState, SyncRecordDto } from './sync';

/** Paths of the backend's widget API, relative to the backend origin. */
export const WIDGET_API = {
  settings: '/api/widget/settings',
  fields: '/api/widget/fields',
  pipelines: '/api/widget/pipelines',
  testEvent: '/api/widget/test-event',
  dealSync: (leadId: number) => `/api/widget/deals/${leadId}/sync`,
  retry: (leadId: number, recordId: string) => `/api/widget/deals/${leadId}/sync/${recordId}/retry`,
} as const;

/** The header `$authorizedAjax` adds to every request. */
export const WIDGET_TOKEN_HEADER = 'X-Auth-Token';

export type InstallationStatus = 'active' | 'needs_reauth' | 'uninstalled';

export interface InstallationInfo {
  accountId: number;
  status: InstallationStatus;
  /** Where an admin re-authorizes when the status is `needs_reauth`. */
  reconnectUrl: string;
}

export interface SettingsResponse {
  installation: InstallationInfo;
  /** False until an admin has saved settings once; `settings` then holds the defaults. */
  configured: boolean;
  /** Whether the caller may change settings (account admins only). */
  canEdit: boolean;
  settings: InstallationSettings;
}

export interface KommoFieldOption {
  id: number;
  value: string;
}

export interface KommoFieldDto {
  id: number;
  name: string;
  type: string;
  code: string | null;
  enums: KommoFieldOption[];
}

export interface FieldsResponse {
  leadFields: KommoFieldDto[];
  contactFields: KommoFieldDto[];
}

export interface KommoStatusDto {
  id: number;
  name: string;
  color: string | null;
  type: number;
}

export interface KommoPipelineDto {
  id: number;
  name: string;
  isMain: boolean;
  statuses: KommoStatusDto[];
}

export interface PipelinesResponse {
  pipelines: KommoPipelineDto[];
}

export interface TestEventRequest {
  identity: string;
}

export interface TestEventResponse {
  ok: boolean;
  /** Heap's HTTP status, or null when Heap could not be reached. */
  heapStatus: number | null;
  message: string;
}

export interface DealSyncResponse {
  leadId: number;
  badge: BadgeState;
  lastSyncedAt: string | null;
  records: SyncRecordDto[];
}

/** Every error the backend returns to the widget has this shape. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** Validation errors keyed by field path, e.g. `identity.contactFieldId`. */
  fieldErrors?: Record<string, string>;
  errorId?: string;
}
