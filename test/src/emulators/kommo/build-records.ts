import { CustomFieldValueInput, normalizeFieldValues } from './custom-field-values';
import { IdSequence } from './id-sequence';
import { KommoContact, KommoCustomField, KommoLead } from './kommo-types';

export type LeadInput = Partial<Omit<KommoLead, 'custom_fields_values'>> & {
  custom_fields_values?: CustomFieldValueInput[] | null;
};
export type ContactInput = Partial<Omit<KommoContact, 'custom_fields_values'>> & {
  custom_fields_values?: CustomFieldValueInput[] | null;
};

interface Owner {
  accountId: number;
  userId: number;
  nowSec: number;
}

export function buildLead(
  input: LeadInput,
  owner: Owner,
  defaults: { pipelineId: number; statusId: number },
  fields: KommoCustomField[],
  ids: IdSequence,
): KommoLead {
  const id = input.id ?? ids.next('lead');

  return {
    id,
    name: input.name ?? `Deal #${id}`,
    price: input.price ?? 0,
    responsible_user_id: input.responsible_user_id ?? owner.userId,
    group_id: input.group_id ?? 0,
    status_id: input.status_id ?? defaults.statusId,
    pipeline_id: input.pipeline_id ?? defaults.pipelineId,
    loss_reason_id: input.loss_reason_id ?? null,
    created_by: input.created_by ?? owner.userId,
    updated_by: input.updated_by ?? owner.userId,
    created_at: input.created_at ?? owner.nowSec,
    updated_at: input.updated_at ?? input.created_at ?? owner.nowSec,
    closed_at: input.closed_at ?? null,
    closest_task_at: input.closest_task_at ?? null,
    custom_fields_values: normalizeFieldValues(input.custom_fields_values, fields),
    score: input.score ?? null,
    account_id: owner.accountId,
    labor_cost: input.labor_cost ?? null,
    is_deleted: input.is_deleted ?? false,
    _embedded: { tags: input._embedded?.tags ?? [], companies: input._embedded?.companies ?? [] },
  };
}

export function buildContact(
  input: ContactInput,
  owner: Owner,
  fields: KommoCustomField[],
  ids: IdSequence,
): KommoContact {
  const firstName = input.first_name ?? '';
  const lastName = input.last_name ?? '';

  return {
    id: input.id ?? ids.next('contact'),
    name: input.name ?? [firstName, lastName].filter(Boolean).join(' '),
    first_name: firstName,
    last_name: lastName,
    responsible_user_id: input.responsible_user_id ?? owner.userId,
    group_id: input.group_id ?? 0,
    created_by: input.created_by ?? owner.userId,
    updated_by: input.updated_by ?? owner.userId,
    created_at: input.created_at ?? owner.nowSec,
    updated_at: input.updated_at ?? input.created_at ?? owner.nowSec,
    closest_task_at: input.closest_task_at ?? null,
    is_deleted: input.is_deleted ?? false,
    is_unsorted: input.is_unsorted ?? false,
    custom_fields_values: normalizeFieldValues(input.custom_fields_values, fields),
    account_id: owner.accountId,
    _embedded: { tags: input._embedded?.tags ?? [], companies: input._embedded?.companies ?? [] },
  };
}
