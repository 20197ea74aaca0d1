import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InstallationSettings } from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';
import { HeapValidationError } from '../heap/heap-error';
import { idempotencyKey } from '../heap/heap-rules';
import { Installation } from '../installations/installation.entity';
import { InstallationsService } from '../installations/installations.service';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { applyTransition, DealState, transitionOf } from './deal-state';
import { HEAP_SEND_QUEUE, HeapSendJob } from './heap-send.job';
import { buildPayload } from './mapping/heap-payloads';
import {
  dealSnapshot,
  KommoContact,
  KommoLead,
  mainContactId,
  resolveIdentity,
} from './mapping/lead-mapping';
import { SyncRecordsRepository } from './sync-records.repository';

export const LEAD_SYNC_QUEUE = 'sync.lead';
/** Kommo's page size; one list request reads this many leads or contacts. */
const PAGE = 250;

export interface LeadSyncJob {
  installationId: string;
  leadId: number;
  modifiedAt: number;
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

    const leads = await this.list<KommoLead>(installationId, '/api/v4/leads', 'leads', leadIds, {
      with: 'contacts',
    });
    const contactIds = leads.map(mainContactId).filter((id): id is number => id !== null);
    const contacts = await this.list<KommoContact>(installationId, '/api/v4/contacts', 'contacts', [
      ...new Set(contactIds),
    ]);
    const contactsById = new Map(contacts.map((contact) => [contact.id, contact]));

    for (const lead of leads) {
      const contactId = mainContactId(lead);
      await this.decide(
        installation,
        settings,
        lead,
        contactId ? contactsById.get(contactId) : null,
      );
    }
  }

  private async decide(
    installation: Installation,
    settings: InstallationSettings,
    lead: KommoLead,
    contact: KommoContact | null | undefined,
  ): Promise<void> {
    const deal = dealSnapshot(lead, settings);

    await this.dataSource.transaction(async (manager) => {
      const state = await this.lockState(manager, installation.id, lead.id);
      // A newer change was already decided from a fresher read: this one has nothing to add.
      if (deal.updatedAt < state.lastModifiedAt) return;
      const transition = transitionOf(deal, state, settings);
      if (!transition)
        return this.saveState(manager, installation.id, lead.id, {
          ...state,
          lastModifiedAt: deal.updatedAt,
        });

      const base = {
        installationId: installation.id,
        leadId: lead.id,
        kind: transition.kind,
        occurredAt: new Date(
          (transition.kind === 'plan_changed'
            ? deal.updatedAt
            : (deal.closedAt ?? deal.updatedAt)) * 1000,
        ),
      };
      const key = idempotencyKey([
        'kommo',
        installation.accountId,
        'lead',
        lead.id,
        transition.kind,
        deal.updatedAt,
      ]);
      const identity = resolveIdentity(contact, settings.identity);
      // Skipped and invalid deals keep their state, so a later fix (a contact added) syncs them.
      if ('skip' in identity) {
        await this.records.insert(manager, {
          ...base,
          state: 'skipped',
          idempotencyKey: key,
          sent: null,
          lastError: identity.skip,
        });

        return;
      }
      let payload;
      try {
        payload = buildPayload(transition.kind, {
          accountId: installation.accountId,
          deal,
          identity: identity.identity,
          timeZone: installation.timezone,
          fromPlan: transition.fromPlan,
        });
      } catch (error) {
        if (!(error instanceof HeapValidationError)) throw error;
        await this.records.insert(manager, {
          ...base,
          state: 'invalid',
          idempotencyKey: key,
          sent: null,
          lastError: error.message,
        });

        return;
      }

      const recordId = await this.records.insert(manager, {
        ...base,
        state: 'pending',
        idempotencyKey: payload.idempotencyKey,
        sent: payload,
        lastError: null,
      });
      if (recordId) {
        await this.jobs.insert<HeapSendJob>(
          HEAP_SEND_QUEUE,
          [{ installationId: installation.id, recordId }],
          manager,
        );
      }
      await this.saveState(
        manager,
        installation.id,
        lead.id,
        applyTransition(state, deal, transition),
      );
    });
  }

  /** Row lock per deal: two workers deciding on one deal take turns. */
  private async lockState(
    manager: EntityManager,
    installationId: string,
    leadId: number,
  ): Promise<DealState> {
    await manager.query(
      `INSERT INTO deal_states (installation_id, lead_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [installationId, leadId],
    );
    const [row] = await manager.query(
      `SELECT outcome, last_plan, last_modified_at FROM deal_states
       WHERE installation_id = $1 AND lead_id = $2 FOR UPDATE`,
      [installationId, leadId],
    );

    return {
      outcome: row.outcome,
      lastPlan: row.last_plan,
      lastModifiedAt: Number(row.last_modified_at),
    };
  }

  private async saveState(
    manager: EntityManager,
    installationId: string,
    leadId: number,
    state: DealState,
  ) {
    await manager.query(
      `UPDATE deal_states SET outcome = $3, last_plan = $4, last_modified_at = $5, updated_at = now()
       WHERE installation_id = $1 AND lead_id = $2`,
      [installationId, leadId, state.outcome, state.lastPlan, state.lastModifiedAt],
    );
  }

  /** Reads entities by id through list requests, PAGE ids at a time; missing ones are absent. */
  private async list<T>(
    installationId: string,
    path: string,
    key: string,
    ids: number[],
    query: Record<string, unknown> = {},
  ): Promise<T[]> {
    const found: T[] = [];
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const body = await this.api.get<{ _embedded?: Record<string, T[]> }>(installationId, path, {
        ...query,
        filter: { id: chunk },
        limit: PAGE,
      });
      found.push(...(body?._embedded?.[key] ?? []));
    }
    if (found.length < ids.length) {
      this.logger.debug(
        { installationId, asked: ids.length, found: found.length },
        'some entities are gone',
      );
    }

    return found;
  }
}
