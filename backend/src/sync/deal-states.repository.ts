import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DealState } from './deal-state';

interface Row {
  lead_id: string;
  outcome: DealState['outcome'];
  last_plan: string | null;
  last_modified_at: string;
}

const COLUMNS = 'lead_id, outcome, last_plan, last_modified_at';

/** What Heap was last told per deal. Every method takes the installation id. */
@Injectable()
export class DealStatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the deals' rows until the caller's transaction ends, creating missing ones. Always in
   * id order, so two batches sharing deals wait for each other and never deadlock.
   */
  async lock(
    manager: EntityManager,
    installationId: string,
    leadIds: number[],
  ): Promise<Map<number, DealState>> {
    const ids = [...new Set(leadIds)].sort((a, b) => a - b);
    await manager.query(
      `INSERT INTO deal_states (installation_id, lead_id)
       SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [installationId, ids],
    );
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM deal_states
       WHERE installation_id = $1 AND lead_id = ANY($2::bigint[]) ORDER BY lead_id FOR UPDATE`,
      [installationId, ids],
    );

    return toStates(rows);
  }

  /** Without locking, for a dry run; deals never seen are absent. */
  async read(installationId: string, leadIds: number[]): Promise<Map<number, DealState>> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deal_states
       WHERE installation_id = $1 AND lead_id = ANY($2::bigint[])`,
      [installationId, leadIds],
    );

    return toStates(rows);
  }

  async save(
    manager: EntityManager,
    installationId: string,
    states: Array<{ leadId: number; state: DealState }>,
  ): Promise<void> {
    if (states.length === 0) return;
    await manager.query(
      `UPDATE deal_states d SET outcome = s.outcome, last_plan = s.last_plan,
         last_modified_at = s.last_modified_at, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb)
         AS s(lead_id bigint, outcome text, last_plan text, last_modified_at bigint)
       WHERE d.installation_id = $1 AND d.lead_id = s.lead_id`,
      [
        installationId,
        JSON.stringify(
          states.map(({ leadId, state }) => ({
            lead_id: leadId,
            outcome: state.outcome,
            last_plan: state.lastPlan,
            last_modified_at: state.lastModifiedAt,
          })),
        ),
      ],
    );
  }
}

function toStates(rows: Row[]): Map<number, DealState> {
  return new Map(
    rows.map((row): [number, DealState] => [
      Number(row.lead_id),
      {
        outcome: row.outcome,
        lastPlan: row.last_plan,
        lastModifiedAt: Number(row.last_modified_at),
      },
    ]),
  );
}
