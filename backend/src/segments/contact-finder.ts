import { Injectable, Logger } from '@nestjs/common';
import type { IdentitySettings } from '@heap-sync/shared';
import { KommoApiClient, LIST_PAGE } from '../kommo/api/kommo-api.client';
import { contactKeys, KommoSegmentContact, lookupKey } from './contact-matching';

export type ContactLookup = { contacts: KommoSegmentContact[] } | { reason: string };

interface ContactPage {
  _embedded?: { contacts?: KommoSegmentContact[] };
  _links?: { next?: unknown };
}

/** How long what a scan learned about an account's size steers the next plan. */
const SIZE_TTL_MS = 6 * 60 * 60 * 1000;

const NOT_FOUND: Record<IdentitySettings['source'], string> = {
  email: 'No Kommo contact has this email',
  contact_id: 'No Kommo contact has this id',
  custom_field: 'No Kommo contact has this value in the identity field',
};

/**
 * Finds the Kommo contacts of Heap identities, each read `with=leads`. Kommo has no search for
 * many values at once, so an email costs one `query=` request (results are then matched
 * exactly). When a job has more identities than the account has contact pages, reading the
 * whole contact list is cheaper: a scan is tried with a budget of half as many pages as there
 * are identities, and whatever it does not settle is searched one by one. So a plan never costs
 * more than 1.5 times the one-by-one search, and a small account costs a few pages.
 */
@Injectable()
export class ContactFinder {
  private readonly logger = new Logger(ContactFinder.name);
  /** Per process: only a cost hint, so losing it on restart changes nothing but speed. */
  private readonly sizes = new Map<string, { pages: number; complete: boolean; at: number }>();

  constructor(private readonly api: KommoApiClient) {}

  async find(
    installationId: string,
    identities: string[],
    settings: IdentitySettings,
  ): Promise<Map<string, ContactLookup>> {
    const result = new Map<string, ContactLookup>();
    const keys = new Map<string, string[]>();
    for (const identity of identities) {
      const lookup = lookupKey(identity, settings);
      if ('reason' in lookup) result.set(identity, lookup);
      else keys.set(lookup.key, [...(keys.get(lookup.key) ?? []), identity]);
    }

    const found = new Map<string, KommoSegmentContact[]>();
    const add = (contact: KommoSegmentContact) => {
      for (const key of contactKeys(contact, settings)) {
        if (keys.has(key)) found.set(key, [...(found.get(key) ?? []), contact]);
      }
    };
    if (settings.source === 'contact_id') {
      await this.byIds(installationId, [...keys.keys()].map(Number), add);
    } else {
      const complete = await this.maybeScan(installationId, keys.size, add);
      if (!complete) {
        for (const key of keys.keys()) {
          if (!found.has(key)) await this.search(installationId, key, add);
        }
      }
    }

    for (const [key, sameKey] of keys) {
      const contacts = unique(found.get(key) ?? []);
      for (const identity of sameKey) {
        result.set(
          identity,
          contacts.length ? { contacts } : { reason: NOT_FOUND[settings.source] },
        );
      }
    }

    return result;
  }

  /**
   * True when every contact of the account was read, so unmatched keys have no contact. Known
   * shortcoming: pages are offsets, so a contact deleted during the scan shifts the next page by
   * one and one later contact can be missed; its user is then reported as having no contact.
   */
  private async maybeScan(
    installationId: string,
    wanted: number,
    add: (contact: KommoSegmentContact) => void,
  ): Promise<boolean> {
    const budget = Math.floor(wanted / 2);
    const known = this.sizes.get(installationId);
    const fresh = known && Date.now() - known.at < SIZE_TTL_MS ? known : null;
    const tooBig = fresh && (fresh.complete ? fresh.pages > budget : fresh.pages >= budget);
    if (budget < 2 || tooBig) return false;

    for (let page = 1; page <= budget; page++) {
      const body = await this.api.get<ContactPage>(installationId, '/api/v4/contacts', {
        limit: LIST_PAGE,
        page,
        with: 'leads',
        // New contacts get higher ids, so pages do not shift while they are read.
        order: { id: 'asc' },
      });
      (body?._embedded?.contacts ?? []).forEach(add);
      if (!body?._links?.next) {
        this.sizes.set(installationId, { pages: page, complete: true, at: Date.now() });

        return true;
      }
    }
    this.sizes.set(installationId, { pages: budget, complete: false, at: Date.now() });
    this.logger.log({ installationId, pages: budget }, 'contact scan over budget; searching');

    return false;
  }

  /**
   * `query=` matches any part of any field; the exact match is made by the caller's keys. Known
   * shortcoming: only the first 250 results are read, so an email contained in more than 250
   * other contacts' fields could be missed.
   */
  private async search(
    installationId: string,
    key: string,
    add: (contact: KommoSegmentContact) => void,
  ): Promise<void> {
    const body = await this.api.get<ContactPage>(installationId, '/api/v4/contacts', {
      query: key,
      limit: LIST_PAGE,
      with: 'leads',
    });
    (body?._embedded?.contacts ?? []).forEach(add);
  }

  private async byIds(
    installationId: string,
    ids: number[],
    add: (contact: KommoSegmentContact) => void,
  ): Promise<void> {
    const contacts = await this.api.listByIds<KommoSegmentContact>(
      installationId,
      'contacts',
      ids,
      {
        with: 'leads',
      },
    );
    contacts.forEach(add);
  }
}

function unique(contacts: KommoSegmentContact[]): KommoSegmentContact[] {
  return [...new Map(contacts.map((contact) => [contact.id, contact])).values()];
}
