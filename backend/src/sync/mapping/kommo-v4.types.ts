/** The parts of Kommo API v4 answers the sync reads (kommo-platform.md §6). */

export interface KommoFieldValueItem {
  /** Text, number or boolean for most types; an object for legal_entity, file and the like. */
  value?: unknown;
  enum_id?: number | null;
  enum_code?: string | null;
}

export interface KommoFieldValue {
  field_id: number;
  field_name: string;
  field_code: string | null;
  field_type: string;
  values: KommoFieldValueItem[];
}

export interface KommoLead {
  id: number;
  name: string;
  price: number | null;
  responsible_user_id: number;
  status_id: number;
  pipeline_id: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  /** Kommo answers null, not [], when nothing is filled in (php#214). */
  custom_fields_values: KommoFieldValue[] | null;
  _embedded?: { contacts?: Array<{ id: number; is_main: boolean }> };
}

export interface KommoContact {
  id: number;
  name: string;
  custom_fields_values: KommoFieldValue[] | null;
}

export interface KommoFieldEnum {
  id: number;
  value: string;
  sort: number;
}

export interface KommoCustomField {
  id: number;
  name: string;
  code: string | null;
  type: string;
  enums: KommoFieldEnum[] | null;
}
