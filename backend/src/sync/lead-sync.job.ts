import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InstallationSettings } from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';
import { Installation } from '../installations/installation.entity';
import { InstallationsService } from '../installations/installations.service';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { DealState } from './deal-state';
import { DealStatesRepository } from './deal-states.repository';
import { HEAP_SEND_QUEUE, HeapSendJob } from './heap-send.job';
import { decideLead, LeadDecision, NEW_DEAL_STATE } from './lead-decision';
import { KommoContact, KommoLead, mainContactId } from './mapping/lead-mapping';
import { NewSyncRecord, SyncRecordsRepository } from './sync-records.repository';

export const LEAD_SYNC_QUEUE = 'sync.lead';
/** Kommo's page size; one list request reads this many leads or contacts. */
const PAGE = 250;

export interface LeadSyncJob {
  installationId: string;
  leadId: number;
  modifiedAt: number;
}

export interface DecideOptions {
  /** Records of a backfill carry its id: they count in its progress and get no deal note. */
  backfillId?: string | null;
  /** Decide without locking or writing anything: what a real run would do now. */
  dryRun?: boolean;
}

/**
 * Decides what Heap must hear about changed deals. Jobs come in batches so a mass update of
 * thousands of deals costs a few list requests to Kommo, not one request per deal.
 */
@Injectable()
export class LeadSyncJobHandler implements OnModuleInit {
  private readonly logger = new Logger(LeadSyncJobHandler.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly api: KommoApiClient,
    private readonly installations: InstallationsService,
    private readonly settings: SettingsService,
    private readonly records: SyncRecordsRepository,
    private readonly states: DealStatesRepository,
    private readonly dataSource: DataSource,
  ) {
    // 15 retries with doubling delays from 5 s: at least 45 hours before giving up.
    jobs.defineQueue({ name: LEAD_SYNC_QUEUE, retryLimit: 15 });
  }

  onModuleInit(): void {
    this.jobs.handleBatch<LeadSyncJob>(
      LEAD_SYNC_QUEUE,
      (jobs) => this.process(jobs.map((job) => job.data)),
      PAGE,
    );
  }

  async process(changes: LeadSyncJob[]): Promise<void> {
    const byInstallation = new Map<string, Set<number>>();
    for (const change of changes) {
      const leads = byInstallation.get(change.installationId) ?? new Set<number>();
      byInstallation.set(change.installationId, leads.add(change.leadId));
    }
    for (const [installationId, leadIds] of byInstallation) {
      await this.syncInstallation(installationId, [...leadIds]);
    }
  }

  /** Kommo errors propagate, so the queue retries the batch with backoff. */
  async syncInstallation(installationId: string, leadIds: number[]): Promise<void> {
    const installation = await this.installations.findById(installationId);
    if (!installation || installation.status === 'uninstalled') return;
    // Not configured yet: nothing can be sent; the first backfill covers these deals.
    const settings = await this.settings.forSync(installationId);
    if (!settings) return;

    const leads = await this.api.listByIds<KommoLead>(installationId, 'leads', leadIds, {
      with: 'contacts',
    });
    const contacts = await this.readMainContacts(installationId, leads);
    await this.decideLeads(installation, settings, leads, contacts);
  }

  /** The main contact of each lead, read in list requests of up to 250 ids. */
  async readMainContacts(
    installationId: string,
    leads: KommoLead[],
  ): Promise<Map<number, KommoContact>> {
    const contactIds = leads.map(mainContactId).filter((id): id is number => id !== null);
    const contacts = await this.api.listByIds<KommoContact>(installationId, 'contacts', [
      ...new Set(contactIds),
    ]);

    return new Map(contacts.map((contact) => [contact.id, contact]));
  }

  /**
   * Decides on leads and contacts already read from Kommo: live sync, backfill and
   * reconciliation share this, so one change is never sent twice. One transaction per call: the
   * deals stay locked until their records, send jobs and new states commit together. A dry run
   * reads the states without locking and writes nothing.
   */
  async decideLeads(
    installation: Installation,
    settings: InstallationSettings,
    leads: KommoLead[],
    contacts: Map<number, KommoContact>,
    options: DecideOptions = {},
  ): Promise<LeadDecision[]> {
    const context = {
      accountId: installation.accountId,
      timeZone: installation.timezone,
      settings,
    };
    const contactOf = (lead: KommoLead) => {
      const contactId = mainContactId(lead);

      return contactId ? contacts.get(contactId) : null;
    };
    // A list naming one deal twice would make its record collide with itself.
    const unique = [...new Map(leads.map((lead) => [lead.id, lead])).values()];
    const ids = unique.map((lead) => lead.id);
    if (options.dryRun) {
      const states = await this.states.read(installation.id, ids);

      return unique.map((lead) =>
        decideLead(context, lead, contactOf(lead), states.get(lead.id) ?? NEW_DEAL_STATE),
      );
    }
    if (unique.length === 0) return [];

    return this.dataSource.transaction(async (manager) => {
      const states = await this.states.lock(manager, installation.id, ids);
      const decisions = unique.map((lead) =>
        decideLead(context, lead, contactOf(lead), states.get(lead.id)!),
      );
      await this.persist(manager, installation.id, unique, decisions, options.backfillId ?? null);

      return decisions;
    });
  }

  private async persist(
    manager: EntityManager,
    installationId: string,
    leads: KommoLead[],
    decisions: LeadDecision[],
    backfillId: string | null,
  ): Promise<void> {
    const records: NewSyncRecord[] = [];
    const states: { leadId: number; state: DealState }[] = [];

    decisions.forEach((decision, index) => {
      const leadId = leads[index].id;
      const base = { installationId, leadId, backfillId };
      switch (decision.action) {
        case 'stale':
          break;
        case 'unchanged':
          states.push({ leadId, state: decision.next });
          break;
        // Skipped and invalid deals keep their state, so a later fix (a contact added) syncs them.
        case 'skipped':
        case 'invalid':
          records.push({
            ...base,
            kind: decision.kind,
            occurredAt: decision.occurredAt,
            state: decision.action,
            idempotencyKey: decision.key,
            sent: null,
            lastError: decision.reason,
          });
          break;
        case 'send':
          records.push({
            ...base,
            kind: decision.kind,
            occurredAt: decision.occurredAt,
            state: 'pending',
            idempotencyKey: decision.payload.idempotencyKey,
            sent: decision.payload,
            lastError: null,
          });
          states.push({ leadId, state: decision.next });
      }
    });

    const inserted = await this.records.insertMany(manager, records);
    const jobs = records
      .filter((record) => record.state === 'pending' && inserted.has(record.idempotencyKey))
      .map((record) => ({ installationId, recordId: inserted.get(record.idempotencyKey)! }));
    await this.jobs.insert<HeapSendJob>(HEAP_SEND_QUEUE, jobs, manager);
    await this.states.save(manager, installationId, states);
  }
}
