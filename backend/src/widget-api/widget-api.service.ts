import { Inject, Injectable } from '@nestjs/common';
import type {
  DealSyncResponse,
  FieldsResponse,
  KommoFieldDto,
  PipelinesResponse,
  SettingsResponse,
  TestEventResponse,
} from '@heap-sync/shared';
import { DataSource } from 'typeorm';
import { BackfillService } from '../backfill/backfill.service';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { HeapClient } from '../heap/heap-client';
import { HeapError } from '../heap/heap-error';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { HEAP_SEND_QUEUE, HeapSendJob } from '../sync/heap-send.job';
import { KommoCustomField } from '../sync/mapping/lead-mapping';
import { SyncRecordsRepository } from '../sync/sync-records.repository';
import { WidgetCaller } from './widget-token.guard';

interface KommoPipelineList {
  _embedded?: {
    pipelines?: {
      id: number;
      name: string;
      is_main: boolean;
      _embedded?: { statuses?: { id: number; name: string; color?: string; type: number }[] };
    }[];
  };
}

interface KommoUser {
  rights?: { is_admin?: boolean };
}

/** What the widget reads and changes; every call is scoped to the caller's installation. */
@Injectable()
export class WidgetApiService {
  constructor(
    private readonly settings: SettingsService,
    private readonly api: KommoApiClient,
    private readonly heap: HeapClient,
    private readonly records: SyncRecordsRepository,
    private readonly jobs: JobsService,
    private readonly dataSource: DataSource,
    private readonly backfills: BackfillService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getSettings(caller: WidgetCaller): Promise<SettingsResponse> {
    const { installation } = caller;
    const stored = await this.settings.get(installation.id);

    return {
      canEdit: await isAdmin(this.api, caller).catch(() => false),
      installation: {
        accountId: installation.accountId,
        status: installation.status,
        reconnectUrl: `${this.config.publicUrl}/api/kommo/oauth/start`,
      },
      ...stored,
    };
  }

  async saveSettings(caller: WidgetCaller, input: unknown): Promise<SettingsResponse> {
    await this.requireAdmin(caller);
    await this.settings.save(caller.installation.id, input, caller.userId);
    await this.backfills.startFirst(caller.installation.id, caller.userId);

    return this.getSettings(caller);
  }

  async fields({ installation }: WidgetCaller): Promise<FieldsResponse> {
    const read = async (path: string) => {
      const fields: KommoFieldDto[] = [];
      const pages = this.api.pages<
        { _embedded?: { custom_fields?: KommoCustomField[] } },
        KommoCustomField
      >(installation.id, path, { limit: 250 }, (page) => page._embedded?.custom_fields ?? []);
      for await (const page of pages) {
        fields.push(
          ...page.map((field) => ({
            id: field.id,
            name: field.name,
            type: field.type,
            code: field.code ?? null,
            enums: (field.enums ?? []).map(({ id, value }) => ({ id, value })),
          })),
        );
      }

      return fields;
    };

    return {
      leadFields: await read('/api/v4/leads/custom_fields'),
      contactFields: await read('/api/v4/contacts/custom_fields'),
    };
  }

  async pipelines({ installation }: WidgetCaller): Promise<PipelinesResponse> {
    const body = await this.api.get<KommoPipelineList>(installation.id, '/api/v4/leads/pipelines');

    return {
      pipelines: (body?._embedded?.pipelines ?? []).map((pipeline) => ({
        id: pipeline.id,
        name: pipeline.name,
        isMain: pipeline.is_main,
        statuses: (pipeline._embedded?.statuses ?? []).map((status) => ({
          id: status.id,
          name: status.name,
          color: status.color ?? null,
          type: status.type,
        })),
      })),
    };
  }

  /** One real Heap event, so an admin can check in Heap's Live view that data arrives. */
  async testEvent(caller: WidgetCaller, identity: unknown): Promise<TestEventResponse> {
    await this.requireAdmin(caller);
    const stored = await this.settings.forSync(caller.installation.id);
    if (!stored) {
      throw new AppException(AppErrorCode.Conflict, 'Save the Heap app_id before sending a test');
    }
    if (typeof identity !== 'string' || !identity.trim()) {
      throw new AppException(AppErrorCode.ValidationFailed, 'An identity is required', {
        identity: 'Enter the identity of a Heap user, e.g. your email',
      });
    }
    try {
      const heapStatus = await this.heap.track(stored.heapRegion, stored.heapAppId, [
        {
          identity: identity.trim(),
          event: 'crm_test_event',
          timestamp: new Date().toISOString(),
          idempotencyKey: `kommo:${caller.installation.accountId}:test:${Date.now()}`,
          properties: {
            source: 'heap_sync_for_kommo',
            kommo_account_id: caller.installation.accountId,
          },
        },
      ]);

      return { ok: true, heapStatus, message: 'Heap accepted the test event' };
    } catch (error) {
      if (!(error instanceof HeapError)) throw error;

      return { ok: false, heapStatus: error.status, message: error.message };
    }
  }

  async dealSync({ installation }: WidgetCaller, leadId: number): Promise<DealSyncResponse> {
    await this.requireOwnDeal(installation.id, leadId);
    const records = await this.records.forLead(installation.id, leadId);
    const latest = records[0];
    const synced = records.find((record) => record.state === 'synced');

    return {
      leadId,
      badge: latest?.state ?? 'not_applicable',
      lastSyncedAt: synced?.syncedAt ?? null,
      records,
    };
  }

  async retry({ installation }: WidgetCaller, leadId: number, recordId: string) {
    await this.requireOwnDeal(installation.id, leadId);
    if (!(await this.records.requeue(installation.id, leadId, recordId))) {
      throw new AppException(AppErrorCode.Conflict, 'Only a failed sync can be retried');
    }
    await this.jobs.send<HeapSendJob>(HEAP_SEND_QUEUE, {
      installationId: installation.id,
      recordId,
    });

    return this.dealSync({ installation } as WidgetCaller, leadId);
  }

  private requireAdmin(caller: WidgetCaller): Promise<void> {
    return requireAdmin(this.api, caller);
  }

  /**
   * Lead ids are unique across Kommo, so a deal that another installation has records for is
   * not this account's: refuse rather than show an empty badge.
   */
  private async requireOwnDeal(installationId: string, leadId: number): Promise<void> {
    if (!Number.isSafeInteger(leadId) || leadId <= 0) {
      throw new AppException(AppErrorCode.ValidationFailed, 'Invalid deal id');
    }
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM deal_states WHERE lead_id = $1 AND installation_id <> $2)
           AS foreign`,
      [leadId, installationId],
    );
    if (row.foreign)
      throw new AppException(AppErrorCode.Forbidden, 'This deal belongs to another account');
  }
}

/**
 * Kommo puts `is_admin` in the token in some versions; when it is absent, the user's rights
 * are read from Kommo (which answers that only for this account's users).
 */
export async function isAdmin(api: KommoApiClient, caller: WidgetCaller): Promise<boolean> {
  if (caller.isAdmin !== undefined) return caller.isAdmin;
  const user = await api.get<KommoUser>(caller.installation.id, `/api/v4/users/${caller.userId}`);

  return user?.rights?.is_admin === true;
}

export async function requireAdmin(api: KommoApiClient, caller: WidgetCaller): Promise<void> {
  if (!(await isAdmin(api, caller))) {
    throw new AppException(AppErrorCode.Forbidden, 'Only account admins can do this');
  }
}
