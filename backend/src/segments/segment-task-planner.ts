import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingsService } from '../installations/settings.service';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { ContactFinder } from './contact-finder';
import {
  KommoSegmentContact,
  KommoSegmentLead,
  pickTarget,
  TaskTarget,
  taskText,
} from './contact-matching';
import { SegmentClaimsRepository } from './segment-claims.repository';
import { PendingUser, SegmentRecordsRepository, UserOutcome } from './segment-records.repository';
import { SegmentRuleRow } from './segment-rules.service';
import { SegmentTaskWriter } from './segment-task-writer';

const DAY_SECONDS = 86_400;

type Planned = { user: PendingUser; target: TaskTarget };

/**
 * For each user: the contact, its most relevant deal and a claim on the task. Users without a
 * contact, or whose contact already has an open task for the segment, end here; the others wait
 * for the writer with their claim.
 */
@Injectable()
export class SegmentTaskPlanner {
  constructor(
    private readonly finder: ContactFinder,
    private readonly api: KommoApiClient,
    private readonly claims: SegmentClaimsRepository,
    private readonly records: SegmentRecordsRepository,
    private readonly writer: SegmentTaskWriter,
    private readonly settings: SettingsService,
    private readonly dataSource: DataSource,
  ) {}

  async plan(installationId: string, rule: SegmentRuleRow, users: PendingUser[]): Promise<void> {
    const { settings } = await this.settings.get(installationId);
    const lookups = await this.finder.find(
      installationId,
      users.map((user) => user.identity),
      settings.identity,
    );
    const outcomes: UserOutcome[] = [];
    const matched: { user: PendingUser; contacts: KommoSegmentContact[] }[] = [];
    for (const user of users) {
      const lookup = lookups.get(user.identity)!;
      if ('reason' in lookup) outcomes.push(ending(user, 'no_contact', null, lookup.reason));
      else matched.push({ user, contacts: lookup.contacts });
    }

    const leadIds = matched.flatMap(({ contacts }) =>
      contacts.flatMap((contact) => (contact._embedded?.leads ?? []).map((lead) => lead.id)),
    );
    const leads = await this.leads(installationId, [...new Set(leadIds)]);
    const statuses = { won: settings.wonStatuses, lost: settings.lostStatuses };
    const planned = matched.map(({ user, contacts }) => ({
      user,
      target: pickTarget(contacts, leads, statuses, rule.target),
    }));
    await this.closeFinished(installationId, rule.heapSegmentId, planned);
    await this.claim(installationId, rule, planned, outcomes);
  }

  /**
   * Open claims whose Kommo task was completed or deleted no longer block a new task. Known
   * shortcoming: this is checked only when the contact's user comes in a sync again, so the
   * history in segment_tasks shows a task as open until then.
   */
  private async closeFinished(installationId: string, segmentId: number, planned: Planned[]) {
    const contactIds = planned.map(({ target }) => target.contactId);
    const open = await this.claims.open(installationId, segmentId, contactIds);
    const inKommo = open.filter((claim) => claim.state === 'created' && claim.kommoTaskId);
    if (inKommo.length === 0) return;
    const closed = await this.writer.closedTasks(
      installationId,
      inKommo.map((claim) => claim.kommoTaskId!),
    );
    const ids = inKommo.filter((claim) => closed.has(claim.kommoTaskId!)).map((claim) => claim.id);
    await this.claims.close(installationId, ids);
  }

  private async claim(
    installationId: string,
    rule: SegmentRuleRow,
    planned: Planned[],
    outcomes: UserOutcome[],
  ): Promise<void> {
    const completeTill = Math.floor(Date.now() / 1000) + rule.dueInDays * DAY_SECONDS;
    const first = new Map<number, Planned>();
    for (const item of planned) {
      if (!first.has(item.target.contactId)) first.set(item.target.contactId, item);
    }

    await this.dataSource.transaction(async (manager) => {
      const taken = await this.claims.claim(
        manager,
        installationId,
        rule.heapSegmentId,
        [...first.values()].map(({ user, target }) => ({
          ...target,
          text: taskText(rule.taskText, user.identity, rule.segmentName),
          taskTypeId: rule.taskTypeId,
          completeTill,
        })),
      );
      const blocked = planned.filter(({ target }) => !taken.has(target.contactId));
      const existing = new Map(
        (
          await this.claims.open(
            installationId,
            rule.heapSegmentId,
            blocked.map(({ target }) => target.contactId),
          )
        ).map((claim) => [claim.contactId, claim.id]),
      );
      const waiting = planned.map(({ user, target }) => {
        const mine = taken.get(target.contactId);
        if (mine && first.get(target.contactId)?.user === user) {
          return { ...ending(user, 'pending', target, null), segmentTaskId: mine };
        }

        return {
          ...ending(user, 'already_had_task', target, null),
          segmentTaskId: mine ?? existing.get(target.contactId) ?? null,
        };
      });
      await this.records.record(manager, installationId, [...outcomes, ...waiting]);
    });
  }

  private async leads(installationId: string, ids: number[]) {
    const leads = await this.api.listByIds<KommoSegmentLead>(installationId, 'leads', ids);

    return new Map(leads.map((lead) => [lead.id, lead]));
  }
}

function ending<S extends UserOutcome['state'] | 'pending'>(
  user: PendingUser,
  state: S,
  target: TaskTarget | null,
  reason: string | null,
) {
  return {
    id: user.id,
    state,
    reason,
    contactId: target?.contactId ?? null,
    leadId: target?.leadId ?? null,
    segmentTaskId: null as string | null,
  };
}
