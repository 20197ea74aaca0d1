import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  fieldErrorsOf,
  SEGMENT_USER_STATES,
  SegmentSyncRecordsResponse,
  SegmentSyncsResponse,
  SegmentsResponse,
  SegmentUploadResponse,
  SegmentUserState,
  webhookSecretSchema,
} from '@heap-sync/shared';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { isAdmin, requireAdmin } from '../widget-api/widget-api.service';
import { WidgetCaller } from '../widget-api/widget-token.guard';
import { HeapEndpointService } from './heap-endpoint.service';
import { parseIdentityCsv } from './identity-csv';
import { SegmentIntakeService } from './segment-intake.service';
import { SegmentRulesService } from './segment-rules.service';
import { SegmentSyncsRepository } from './segment-syncs.repository';

export interface RecordsQuery {
  state?: string;
  limit?: string;
  offset?: string;
}

/** The widget's segment screens; reads for every user, changes for admins only. */
@Injectable()
export class SegmentsWidgetService {
  constructor(
    private readonly rules: SegmentRulesService,
    private readonly endpoint: HeapEndpointService,
    private readonly syncs: SegmentSyncsRepository,
    private readonly intake: SegmentIntakeService,
    private readonly api: KommoApiClient,
  ) {}

  async overview(caller: WidgetCaller, admin?: boolean): Promise<SegmentsResponse> {
    const id = caller.installation.id;
    const showUrl = admin ?? (await isAdmin(this.api, caller).catch(() => false));

    return {
      rules: await this.rules.list(id),
      heapWebhook: {
        url: showUrl ? await this.endpoint.url(id) : null,
        ...(await this.endpoint.secretStatus(id)),
      },
    };
  }

  async saveRules(caller: WidgetCaller, body: unknown): Promise<SegmentsResponse> {
    await requireAdmin(this.api, caller);
    await this.rules.save(caller.installation.id, body, caller.userId);

    return this.overview(caller, true);
  }

  async setSecret(caller: WidgetCaller, body: unknown): Promise<SegmentsResponse> {
    await requireAdmin(this.api, caller);
    const parsed = webhookSecretSchema.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error);
      throw new AppException(AppErrorCode.ValidationFailed, 'Invalid webhook secret', errors);
    }
    await this.endpoint.setSecret(caller.installation.id, parsed.data.secret);

    return this.overview(caller, true);
  }

  async rotateUrl(caller: WidgetCaller): Promise<SegmentsResponse> {
    await requireAdmin(this.api, caller);
    await this.endpoint.rotate(caller.installation.id);

    return this.overview(caller, true);
  }

  async listSyncs({ installation }: WidgetCaller): Promise<SegmentSyncsResponse> {
    return { syncs: await this.syncs.list(installation.id) };
  }

  async records(
    { installation }: WidgetCaller,
    syncId: string,
    query: RecordsQuery,
  ): Promise<SegmentSyncRecordsResponse> {
    const sync = await this.syncs.one(installation.id, syncId);
    if (!sync) throw new AppException(AppErrorCode.NotFound, 'Unknown segment sync');
    const state = query.state as SegmentUserState | undefined;
    if (state !== undefined && !SEGMENT_USER_STATES.includes(state)) {
      throw new AppException(AppErrorCode.ValidationFailed, 'Unknown record state');
    }
    const limit = Math.min(500, Math.max(1, Number(query.limit) || 100));
    const offset = Math.max(0, Number(query.offset) || 0);

    return {
      sync,
      ...(await this.syncs.records(installation.id, syncId, { state, limit, offset })),
    };
  }

  /** A CSV export becomes a one-page sync of the rule's segment, processed like Heap's. */
  async upload(caller: WidgetCaller, ruleId: string, text: string): Promise<SegmentUploadResponse> {
    await requireAdmin(this.api, caller);
    const id = caller.installation.id;
    const rule = await this.rules.byId(id, ruleId);
    if (!rule) throw new AppException(AppErrorCode.NotFound, 'Unknown segment rule');
    const csv = parseIdentityCsv(text);
    if (!csv.ok) {
      throw new AppException(AppErrorCode.ValidationFailed, csv.error, { file: csv.error });
    }

    const page = {
      externalId: randomUUID(),
      segment: { id: rule.heapSegmentId, name: rule.segmentName },
      pageNumber: 1,
      totalPages: 1,
      added: csv.identities,
      removed: 0,
    };
    const result = await this.intake.accept(id, 'csv', page, { ruleId, userId: caller.userId });
    const accepted = result.outcome === 'accepted' ? result.queued : 0;

    return { sync: (await this.syncs.one(id, result.syncId))!, accepted };
  }
}
