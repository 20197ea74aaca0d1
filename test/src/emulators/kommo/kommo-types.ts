/** API v4 shapes as documented (KR getting-a-lead-by-its-id, get-contact, custom-fields). */

export interface CustomFieldValueItem {
  value?: unknown;
  enum_id?: number | null;
  enum_code?: string | null;
}

export interface CustomFieldValue {
  field_id: number;
  field_name: string;
  field_code: string | null;
  field_type: string;
  values: CustomFieldValueItem[];
}

export interface KommoTag {
  id: number;
  name: string;
  color?: string | null;
}

export interface KommoLead {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  group_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closest_task_at: number | null;
  custom_fields_values: CustomFieldValue[] | null;
  score: number | null;
  account_id: number;
  labor_cost: number | null;
  is_deleted: boolean;
  _embedded: { tags: KommoTag[]; companies: Array<{ id: number }> };
}

export interface KommoContact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  group_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closest_task_at: number | null;
  is_deleted: boolean;
  is_unsorted: boolean;
  custom_fields_values: CustomFieldValue[] | null;
  account_id: number;
  _embedded: { tags: KommoTag[]; companies: Array<{ id: number }> };
}

export interface KommoEnum {
  id: number;
  value: string;
  sort: number;
  code?: string | null;
}

export interface KommoCustomField {
  id: number;
  name: string;
  type: string;
  account_id: number;
  code: string | null;
  sort: number;
  is_api_only: boolean;
  enums: KommoEnum[] | null;
  group_id: string | null;
  required_statuses: Array<{ pipeline_id: number; status_id: number }>;
  is_deletable: boolean;
  is_predefined: boolean;
  entity_type: 'leads' | 'contacts';
  remind: string | null;
  settings: unknown;
}

export interface KommoStatus {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  type: 0 | 1;
  account_id: number;
}

export interface KommoPipeline {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  account_id: number;
  statuses: KommoStatus[];
}

export interface KommoNote {
  id: number;
  entity_id: number;
  entity_type: string;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  group_id: number;
  note_type: string;
  params: Record<string, unknown>;
  account_id: number;
}

export interface KommoTask {
  id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  group_id: number;
  entity_id: number | null;
  entity_type: string | null;
  duration: number;
  is_completed: boolean;
  task_type_id: number;
  text: string;
  result: unknown[];
  complete_till: number;
  account_id: number;
}

export interface KommoWebhook {
  id: number;
  destination: string;
  created_at: number;
  updated_at: number;
  created_by: number;
  sort: number;
  disabled: boolean;
  settings: string[];
  account_id: number;
}

export interface KommoUser {
  id: number;
  name: string;
  isAdmin: boolean;
}

/** 142 and 143 are the same system ids in every pipeline (php src/AmoCRM/Models/LeadModel.php). */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;
