import { normalizeFieldValues } from './custom-field-values';
import { buildContact, buildLead, ContactInput, LeadInput } from './build-records';
import {
  buildCustomField,
  buildPipeline,
  CustomFieldInput,
  PipelineInput,
  predefinedContactFields,
} from './build-structure';
import { IdSequence } from './id-sequence';
import {
  KommoContact,
  KommoCustomField,
  KommoLead,
  KommoNote,
  KommoPipeline,
  KommoTask,
  KommoUser,
  KommoWebhook,
  LOST_STATUS_ID,
  WON_STATUS_ID,
} from './kommo-types';

export interface AccountInput {
  id: number;
  subdomain: string;
  name?: string;
  timezone?: string;
  currentUserId?: number;
  users?: KommoUser[];
}

export interface AccountState {
  id: number;
  subdomain: string;
  name: string;
  timezone: string;
  currentUserId: number;
  users: KommoUser[];
  createdAt: number;
  leads: Map<number, KommoLead>;
  contacts: Map<number, KommoContact>;
  leadFields: KommoCustomField[];
  contactFields: KommoCustomField[];
  pipelines: KommoPipeline[];
  links: Array<{ leadId: number; contactId: number; isMain: boolean }>;
  webhooks: KommoWebhook[];
}

/** All CRM data of all emulated accounts. Seeding helpers throw on test-author mistakes. */
export class KommoStore {
  readonly accounts = new Map<number, AccountState>();
  readonly notes: KommoNote[] = [];
  readonly tasks: KommoTask[] = [];
  readonly ids = new IdSequence();

  constructor(private readonly nowMs: () => number) {}

  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  addAccount(input: AccountInput): AccountState {
    if (this.accounts.has(input.id)) throw new Error(`Account ${input.id} already exists`);
    const currentUserId = input.currentUserId ?? 1;
    const account: AccountState = {
      id: input.id,
      subdomain: input.subdomain,
      name: input.name ?? input.subdomain,
      timezone: input.timezone ?? 'UTC',
      currentUserId,
      users: input.users ?? [{ id: currentUserId, name: 'Account admin', isAdmin: true }],
      createdAt: this.nowSec(),
      leads: new Map(),
      contacts: new Map(),
      leadFields: [],
      contactFields: predefinedContactFields(input.id, this.ids),
      pipelines: [buildPipeline({ is_main: true }, input.id, this.ids)],
      links: [],
      webhooks: [],
    };
    this.accounts.set(account.id, account);

    return account;
  }

  account(accountId: number): AccountState {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`Unknown account ${accountId}`);

    return account;
  }

  addLead(accountId: number, input: LeadInput): KommoLead {
    const account = this.account(accountId);
    const main = account.pipelines.find((pipeline) => pipeline.is_main) ?? account.pipelines[0];
    const firstStage = [...main.statuses]
      .sort((a, b) => a.sort - b.sort)
      .find((status) => status.type === 0);
    const owner = { accountId, userId: account.currentUserId, nowSec: this.nowSec() };
    const defaults = { pipelineId: main.id, statusId: firstStage?.id ?? WON_STATUS_ID };
    const lead = buildLead(input, owner, defaults, account.leadFields, this.ids);
    this.assertStage(account, lead.pipeline_id, lead.status_id);
    account.leads.set(lead.id, lead);

    return lead;
  }

  /** Applies a patch as a user edit would: a new updated_at, closed_at on won or lost. */
  patchLead(
    accountId: number,
    leadId: number,
    patch: LeadInput,
  ): { before: KommoLead; after: KommoLead } {
    const account = this.account(accountId);
    const before = account.leads.get(leadId);
    if (!before) throw new Error(`Unknown lead ${leadId} in account ${accountId}`);
    const nowSec = this.nowSec();
    const { custom_fields_values: values, ...rest } = patch;
    const after: KommoLead = { ...before, ...rest, updated_at: patch.updated_at ?? nowSec };
    if (values !== undefined)
      after.custom_fields_values = normalizeFieldValues(values, account.leadFields);
    const closing = [WON_STATUS_ID, LOST_STATUS_ID].includes(after.status_id);
    if (after.status_id !== before.status_id && closing && patch.closed_at === undefined) {
      after.closed_at = nowSec;
    }
    this.assertStage(account, after.pipeline_id, after.status_id);
    account.leads.set(leadId, after);

    return { before, after };
  }

  addContact(accountId: number, input: ContactInput): KommoContact {
    const account = this.account(accountId);
    const owner = { accountId, userId: account.currentUserId, nowSec: this.nowSec() };
    const contact = buildContact(input, owner, account.contactFields, this.ids);
    account.contacts.set(contact.id, contact);

    return contact;
  }

  linkContact(accountId: number, leadId: number, contactId: number, isMain: boolean): void {
    const account = this.account(accountId);
    if (!account.leads.has(leadId)) throw new Error(`Unknown lead ${leadId}`);
    if (!account.contacts.has(contactId)) throw new Error(`Unknown contact ${contactId}`);
    const others = account.links.filter((l) => !(l.leadId === leadId && l.contactId === contactId));
    // A lead has one main contact; linking a new main one demotes the previous.
    if (isMain) others.filter((link) => link.leadId === leadId).forEach((l) => (l.isMain = false));
    account.links = others;
    account.links.push({ leadId, contactId, isMain });
  }

  addCustomField(
    accountId: number,
    entity: 'leads' | 'contacts',
    input: CustomFieldInput,
  ): KommoCustomField {
    const account = this.account(accountId);
    const field = buildCustomField(input, entity, accountId, this.ids);
    (entity === 'leads' ? account.leadFields : account.contactFields).push(field);

    return field;
  }

  addPipeline(accountId: number, input: PipelineInput): KommoPipeline {
    const account = this.account(accountId);
    const pipeline = buildPipeline(
      { sort: account.pipelines.length + 1, ...input },
      accountId,
      this.ids,
    );
    account.pipelines.push(pipeline);

    return pipeline;
  }

  private assertStage(account: AccountState, pipelineId: number, statusId: number) {
    const pipeline = account.pipelines.find((candidate) => candidate.id === pipelineId);
    if (!pipeline?.statuses.some((status) => status.id === statusId)) {
      throw new Error(`Status ${statusId} is not a stage of pipeline ${pipelineId}`);
    }
  }
}
