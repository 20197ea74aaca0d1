import { IdSequence } from './id-sequence';
import {
  KommoCustomField,
  KommoPipeline,
  KommoStatus,
  LOST_STATUS_ID,
  WON_STATUS_ID,
} from './kommo-types';

export type CustomFieldInput = Partial<Omit<KommoCustomField, 'enums'>> & {
  name: string;
  type: string;
  enums?: Array<{ id?: number; value: string; sort?: number; code?: string | null }> | null;
};
export type PipelineInput = Partial<Omit<KommoPipeline, 'statuses'>> & {
  statuses?: Array<Partial<KommoStatus> & { name: string }>;
};

export function buildCustomField(
  input: CustomFieldInput,
  entityType: 'leads' | 'contacts',
  accountId: number,
  ids: IdSequence,
): KommoCustomField {
  const enums = input.enums?.map((option, index) => ({
    id: option.id ?? ids.next('enum'),
    value: option.value,
    sort: option.sort ?? (index + 1) * 10,
    ...(option.code !== undefined ? { code: option.code } : {}),
  }));

  return {
    id: input.id ?? ids.next('field'),
    name: input.name,
    type: input.type,
    account_id: accountId,
    code: input.code ?? null,
    sort: input.sort ?? 500,
    is_api_only: input.is_api_only ?? false,
    enums: enums ?? null,
    group_id: input.group_id ?? null,
    required_statuses: input.required_statuses ?? [],
    is_deletable: input.is_deletable ?? true,
    is_predefined: input.is_predefined ?? false,
    entity_type: entityType,
    remind: input.remind ?? null,
    settings: input.settings ?? null,
  };
}

/** Every pipeline carries an incoming stage and the system stages 142 and 143 (§6.3). */
export function buildPipeline(
  input: PipelineInput,
  accountId: number,
  ids: IdSequence,
): KommoPipeline {
  const id = input.id ?? ids.next('pipeline');
  const status = (partial: Partial<KommoStatus> & { name: string }, sort: number): KommoStatus => ({
    id: partial.id ?? ids.next('status'),
    name: partial.name,
    sort: partial.sort ?? sort,
    is_editable: partial.is_editable ?? true,
    pipeline_id: id,
    color: partial.color ?? '#99ccff',
    type: partial.type ?? 0,
    account_id: accountId,
  });
  const given = input.statuses ?? [{ name: 'Initial contact' }];
  const incoming = {
    name: 'Incoming leads',
    type: 1 as const,
    is_editable: false,
    color: '#c1c1c1',
  };
  const needsIncoming = !given.some((partial) => partial.type === 1);
  const statuses = [
    ...(needsIncoming ? [status(incoming, 10)] : []),
    ...given.map((partial, index) => status(partial, (index + 2) * 10)),
  ];
  const system = [
    { id: WON_STATUS_ID, name: 'Closed - won', sort: 10000, color: '#CCFF66' },
    { id: LOST_STATUS_ID, name: 'Closed - lost', sort: 11000, color: '#D5D8DB' },
  ];
  for (const partial of system) {
    if (!statuses.some((candidate) => candidate.id === partial.id)) {
      statuses.push(status({ ...partial, is_editable: false }, partial.sort));
    }
  }

  return {
    id,
    name: input.name ?? 'Sales pipeline',
    sort: input.sort ?? 1,
    is_main: input.is_main ?? false,
    is_unsorted_on: input.is_unsorted_on ?? true,
    is_archive: input.is_archive ?? false,
    account_id: accountId,
    statuses,
  };
}

/** Contacts in a new account already have the predefined PHONE, EMAIL and POSITION fields. */
export function predefinedContactFields(accountId: number, ids: IdSequence): KommoCustomField[] {
  const predefined: CustomFieldInput[] = [
    { name: 'Position', type: 'text', code: 'POSITION' },
    {
      name: 'Phone',
      type: 'multitext',
      code: 'PHONE',
      enums: ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'].map((value) => ({ value })),
    },
    {
      name: 'Email',
      type: 'multitext',
      code: 'EMAIL',
      enums: ['WORK', 'PRIV', 'OTHER'].map((value) => ({ value })),
    },
  ];

  return predefined.map((input, index) =>
    buildCustomField(
      { ...input, sort: (index + 1) * 2, is_predefined: true, is_deletable: false },
      'contacts',
      accountId,
      ids,
    ),
  );
}
