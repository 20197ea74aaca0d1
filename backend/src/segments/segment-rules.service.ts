import { Injectable } from '@nestjs/common';
import {
  fieldErrorsOf,
  SegmentRuleDto,
  segmentRulesSchema,
  SegmentTaskTarget,
} from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AppErrorCode, AppException } from '../common/errors/app.exception';

export interface SegmentRuleRow {
  id: string;
  heapSegmentId: number;
  segmentName: string;
  taskText: string;
  taskTypeId: number;
  dueInDays: number;
  target: SegmentTaskTarget;
  updatedAt: Date;
}

const COLUMNS = `id, heap_segment_id, segment_name, task_text, task_type_id, due_in_days, target,
  updated_at`;

/** Segment rules, one per Heap segment and installation; saved as a whole list. */
@Injectable()
export class SegmentRulesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(installationId: string): Promise<SegmentRuleDto[]> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM segment_rules WHERE installation_id = $1 ORDER BY segment_name, id`,
      [installationId],
    );

    return rows.map(toRow).map(toDto);
  }

  /** Replaces the list; a kept segment keeps its rule id, so its syncs still point at it. */
  async save(installationId: string, input: unknown, userId: number): Promise<void> {
    const parsed = segmentRulesSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppException(
        AppErrorCode.ValidationFailed,
        'Some segment rules are invalid',
        fieldErrorsOf(parsed.error),
      );
    }
    const { rules } = parsed.data;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `DELETE FROM segment_rules WHERE installation_id = $1
           AND NOT (heap_segment_id = ANY($2::bigint[]))`,
        [installationId, rules.map((rule) => rule.heapSegmentId)],
      );
      for (const rule of rules) {
        await manager.query(
          `INSERT INTO segment_rules (installation_id, heap_segment_id, segment_name, task_text,
             task_type_id, due_in_days, target, updated_by_user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (installation_id, heap_segment_id) DO UPDATE SET
             segment_name = EXCLUDED.segment_name, task_text = EXCLUDED.task_text,
             task_type_id = EXCLUDED.task_type_id, due_in_days = EXCLUDED.due_in_days,
             target = EXCLUDED.target, updated_by_user_id = EXCLUDED.updated_by_user_id,
             updated_at = now()`,
          [
            installationId,
            rule.heapSegmentId,
            rule.segmentName,
            rule.taskText,
            rule.taskTypeId,
            rule.dueInDays,
            rule.target,
            userId,
          ],
        );
      }
    });
  }

  async byId(installationId: string, ruleId: string): Promise<SegmentRuleRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(ruleId)) return null;
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM segment_rules WHERE installation_id = $1 AND id = $2`,
      [installationId, ruleId],
    );

    return row ? toRow(row) : null;
  }

  async bySegment(manager: EntityManager, installationId: string, segmentId: number) {
    const [row] = await manager.query(
      `SELECT ${COLUMNS} FROM segment_rules WHERE installation_id = $1 AND heap_segment_id = $2`,
      [installationId, segmentId],
    );

    return row ? toRow(row) : null;
  }

  /** The rule a sync was accepted under; null once an admin removed it. */
  async forSync(installationId: string, syncId: string): Promise<SegmentRuleRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT r.* FROM segment_syncs s
       JOIN segment_rules r ON r.id = s.rule_id
       WHERE s.installation_id = $1 AND s.id = $2`,
      [installationId, syncId],
    );

    return row ? toRow(row) : null;
  }
}

function toRow(row: Record<string, unknown>): SegmentRuleRow {
  return {
    id: row.id as string,
    heapSegmentId: Number(row.heap_segment_id),
    segmentName: row.segment_name as string,
    taskText: row.task_text as string,
    taskTypeId: Number(row.task_type_id),
    dueInDays: Number(row.due_in_days),
    target: row.target as SegmentTaskTarget,
    updatedAt: row.updated_at as Date,
  };
}

function toDto({ updatedAt, ...rule }: SegmentRuleRow): SegmentRuleDto {
  return { ...rule, updatedAt: updatedAt.toISOString() };
}
