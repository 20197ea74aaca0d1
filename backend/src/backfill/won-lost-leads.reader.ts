import { Injectable } from '@nestjs/common';
import type { InstallationSettings } from '@heap-sync/shared';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { KommoApiError, KommoErrorCategory } from '../kommo/api/kommo-api.error';
import { LeadSyncJobHandler } from '../sync/lead-sync.job';
import { KommoContact, KommoLead, mainContactId } from '../sync/mapping/lead-mapping';
import { needsPipelines, StatusFilter, statusFilterGroups } from './status-filters';

/** Kommo's largest page (kommo-platform.md §6.1). */
export const LEADS_PER_PAGE = 250;

/** A page refused with 429 this often in a row fails; the queue retries the job later. */
const RATE_LIMIT_TRIES = 3;

export interface LeadPage {
  leads: KommoLead[];
  hasNext: boolean;
  /** The main contact of each lead that has one. */
  contacts: Map<number, KommoContact>;
  /** Kommo requests the page took, refused ones included. */
  requests: number;
}

interface PipelineList {
  _embedded?: { pipelines?: { id: number; _embedded?: { statuses?: { id: number }[] } }[] };
}

interface LeadList {
  _embedded?: { leads?: KommoLead[] };
  _links?: { next?: unknown };
}

/** Pages through the deals in the configured won and lost stages, with their contact links. */
@Injectable()
export class WonLostLeadsReader {
  constructor(
    private readonly api: KommoApiClient,
    private readonly sync: LeadSyncJobHandler,
  ) {}

  /** The filter groups to page through, and how many Kommo requests finding them took. */
  async filters(installationId: string, settings: InstallationSettings) {
    if (!needsPipelines(settings)) return { groups: statusFilterGroups(settings, []), requests: 0 };

    const body = await this.api.get<PipelineList>(installationId, '/api/v4/leads/pipelines');
    const pipelines = (body?._embedded?.pipelines ?? []).map((pipeline) => ({
      id: pipeline.id,
      statusIds: (pipeline._embedded?.statuses ?? []).map((status) => status.id),
    }));

    return { groups: statusFilterGroups(settings, pipelines), requests: 1 };
  }

  /**
   * One page, oldest deal id first, so pages already read stay put while new deals are won, and
   * the main contacts of its leads. `updatedFrom` (unix seconds) keeps deals changed since then.
   */
  async page(
    installationId: string,
    group: StatusFilter[],
    page: number,
    updatedFrom?: number,
  ): Promise<LeadPage> {
    const tries = { count: 0 };
    const body = await againAfter429(tries, () =>
      this.api.get<LeadList>(installationId, '/api/v4/leads', {
        with: 'contacts',
        limit: LEADS_PER_PAGE,
        page,
        order: { id: 'asc' },
        filter: {
          statuses: group.map((entry) => ({
            pipeline_id: entry.pipelineId,
            status_id: entry.statusId,
          })),
          ...(updatedFrom === undefined ? {} : { updated_at: { from: updatedFrom } }),
        },
      }),
    );
    // An empty list is 204 with no body (kommo-platform.md §6.6): the client returns null.
    const leads = body?._embedded?.leads ?? [];
    const contacts = await againAfter429(tries, () =>
      this.sync.readMainContacts(installationId, leads),
    );
    const contactIds = new Set(leads.map(mainContactId).filter((id) => id !== null));
    const requests = tries.count - 1 + Math.ceil(contactIds.size / LEADS_PER_PAGE);

    return { leads, hasNext: Boolean(body?._links?.next), contacts, requests };
  }
}

/**
 * A 429 fails the call that got it and pauses every Kommo call for its `retry_after`. A short
 * pause is waited out by the next call, so the call is made again rather than failing a whole
 * job. `tries` counts the calls made.
 */
async function againAfter429<T>(tries: { count: number }, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    tries.count++;
    try {
      return await call();
    } catch (error) {
      const limited =
        error instanceof KommoApiError && error.category === KommoErrorCategory.RateLimited;
      if (!limited || attempt >= RATE_LIMIT_TRIES) throw error;
    }
  }
}
