import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KommoApiClient, LIST_PAGE } from '../kommo/api/kommo-api.client';
import { KommoApiError, KommoErrorCategory } from '../kommo/api/kommo-api.error';
import { SegmentClaim, SegmentClaimsRepository } from './segment-claims.repository';
import { SegmentRecordsRepository } from './segment-records.repository';

/** Kommo takes up to 250 entities per request and recommends at most 50 (§7). */
export const TASK_BATCH = 50;

interface KommoTaskRef {
  id: number;
  request_id?: string;
}

interface KommoTaskItem {
  id: number;
  entity_id: number | null;
  text: string;
  complete_till: number;
  responsible_user_id: number;
  is_completed: boolean;
}

type TaskList = { _embedded?: { tasks?: KommoTaskItem[] } };

/**
 * Creates the claimed tasks in Kommo. A claim is marked as posted before its request leaves, so
 * after a crash or an unclear failure the retry first looks for the task in Kommo instead of
 * creating it twice. Retryable errors propagate; a 400 is narrowed down to the refused tasks.
 */
@Injectable()
export class SegmentTaskWriter {
  private readonly logger = new Logger(SegmentTaskWriter.name);

  constructor(
    private readonly api: KommoApiClient,
    private readonly claims: SegmentClaimsRepository,
    private readonly records: SegmentRecordsRepository,
    private readonly dataSource: DataSource,
  ) {}

  async createFor(installationId: string, recordIds: string[]): Promise<void> {
    const claims = await this.claims.creatingFor(installationId, recordIds);
    const unclear = claims.filter((claim) => claim.postedAt !== null);
    const adopted = await this.findInKommo(installationId, unclear);
    if (adopted.length > 0) {
      this.logger.log({ installationId, tasks: adopted.length }, 'adopted tasks of a failed try');
      await this.created(installationId, adopted);
    }
    const done = new Set(adopted.map((item) => item.claimId));
    const todo = claims.filter((claim) => !done.has(claim.id));
    for (let i = 0; i < todo.length; i += TASK_BATCH) {
      await this.post(installationId, todo.slice(i, i + TASK_BATCH));
    }
  }

  /** Task ids (of `taskIds`) that are completed, or gone from Kommo. */
  async closedTasks(installationId: string, taskIds: number[]): Promise<Set<number>> {
    const tasks = await this.api.listByIds<{ id: number; is_completed: boolean }>(
      installationId,
      'tasks',
      taskIds,
    );
    const open = new Set(tasks.filter((task) => !task.is_completed).map((task) => task.id));

    return new Set(taskIds.filter((id) => !open.has(id)));
  }

  private async post(installationId: string, batch: SegmentClaim[]): Promise<void> {
    await this.claims.markPosted(
      installationId,
      batch.map((claim) => claim.id),
    );
    try {
      const body = await this.api.post<{ _embedded?: { tasks?: KommoTaskRef[] } }>(
        installationId,
        '/api/v4/tasks',
        batch.map(toKommoTask),
      );
      const refs = body?._embedded?.tasks ?? [];
      const byRequest = new Map(refs.map((ref, index) => [ref.request_id ?? String(index), ref]));
      const created = batch
        .map((claim, index) => ({ claim, ref: byRequest.get(claim.id) ?? refs[index] }))
        .filter(({ ref }) => ref?.id)
        .map(({ claim, ref }) => ({ claimId: claim.id, taskId: ref!.id }));
      await this.created(installationId, created);
      if (created.length < batch.length) {
        // The rest stay posted but unconfirmed: the retry looks for them in Kommo first.
        throw new KommoApiError(KommoErrorCategory.Temporary, 'Kommo did not confirm every task');
      }
    } catch (error) {
      if (!(error instanceof KommoApiError) || error.category !== KommoErrorCategory.Invalid) {
        throw error;
      }
      if (batch.length > 1) {
        for (const claim of batch) await this.post(installationId, [claim]);

        return;
      }
      const reason = `Kommo refused the task: ${error.message}`;
      await this.records.failByClaims(installationId, [batch[0].id], reason);
      await this.claims.release(installationId, [batch[0].id]);
    }
  }

  private async created(installationId: string, created: { claimId: string; taskId: number }[]) {
    await this.dataSource.transaction(async (manager) => {
      await this.claims.markCreated(manager, installationId, created);
      await this.records.createdByClaims(
        manager,
        installationId,
        created.map((item) => item.claimId),
      );
    });
  }

  /** Tasks an earlier try may have created: same entity, text, due time and responsible user. */
  private async findInKommo(installationId: string, claims: SegmentClaim[]) {
    const adopted: { claimId: string; taskId: number }[] = [];
    for (const entityType of ['leads', 'contacts'] as const) {
      const group = claims.filter((claim) => claim.entityType === entityType);
      for (let i = 0; i < group.length; i += LIST_PAGE) {
        const chunk = group.slice(i, i + LIST_PAGE);
        const pages = this.api.pages<TaskList, KommoTaskItem>(
          installationId,
          '/api/v4/tasks',
          {
            filter: { entity_type: entityType, entity_id: chunk.map((claim) => claim.entityId) },
            limit: LIST_PAGE,
          },
          (page) => page._embedded?.tasks ?? [],
        );
        const tasks: KommoTaskItem[] = [];
        for await (const page of pages) tasks.push(...page);
        for (const claim of chunk) {
          const task = tasks.find((item) => sameTask(item, claim));
          if (task) adopted.push({ claimId: claim.id, taskId: task.id });
        }
      }
    }

    return adopted;
  }
}

function toKommoTask(claim: SegmentClaim) {
  return {
    text: claim.text,
    complete_till: claim.completeTill,
    entity_id: claim.entityId,
    entity_type: claim.entityType,
    task_type_id: claim.taskTypeId,
    responsible_user_id: claim.responsibleUserId,
    request_id: claim.id,
  };
}

function sameTask(task: KommoTaskItem, claim: SegmentClaim): boolean {
  return (
    task.entity_id === claim.entityId &&
    task.text === claim.text &&
    task.complete_till === claim.completeTill &&
    task.responsible_user_id === claim.responsibleUserId
  );
}
