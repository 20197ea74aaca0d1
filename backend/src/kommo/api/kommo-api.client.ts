import { Injectable } from '@nestjs/common';
import { Installation } from '../../installations/installation.entity';
import { InstallationsService } from '../../installations/installations.service';
import { KommoTokenStore } from '../tokens/kommo-token-store';
import { classifyApiResponse, KommoApiError, KommoErrorCategory } from './kommo-api.error';
import { KommoHttp, KommoHttpRequest } from './kommo-http';

type ApiRequest = Omit<KommoHttpRequest, 'accessToken'>;

/** Kommo's largest page: list requests return at most 250 entities. */
export const LIST_PAGE = 250;

/**
 * The Kommo REST API for one installation. Takes the bearer token from the store, refreshes once
 * on a 401, reads 204 as "nothing" (null), and throws a classified KommoApiError otherwise.
 */
@Injectable()
export class KommoApiClient {
  constructor(
    private readonly http: KommoHttp,
    private readonly tokens: KommoTokenStore,
    private readonly installations: InstallationsService,
  ) {}

  get<T>(installationId: string, path: string, query?: Record<string, unknown>) {
    return this.request<T>(installationId, { method: 'GET', path, query });
  }

  post<T>(installationId: string, path: string, body: unknown) {
    return this.request<T>(installationId, { method: 'POST', path, body });
  }

  delete<T>(installationId: string, path: string, body?: unknown) {
    return this.request<T>(installationId, { method: 'DELETE', path, body });
  }

  async request<T>(installationId: string, request: ApiRequest): Promise<T | null> {
    const installation = await this.activeInstallation(installationId);
    let token = await this.tokens.current(installation);
    let response = await this.http.send(installation.origin, {
      ...request,
      accessToken: token.accessToken,
    });

    if (response.status === 401) {
      token = await this.tokens.refresh(installation, token.version);
      response = await this.http.send(installation.origin, {
        ...request,
        accessToken: token.accessToken,
      });
      if (response.status === 401) {
        await this.installations.markNeedsReauth(installation.id, 'Kommo answered 401');
      }
    }
    if (response.status < 200 || response.status >= 300) throw classifyApiResponse(response);
    if (response.status === 204 || !response.body.trim()) return null;

    return JSON.parse(response.body) as T;
  }

  /**
   * Reads entities by id through list requests (`filter[id]`, 250 ids each: Kommo's page size),
   * so a batch costs a few requests instead of one per entity. Ids Kommo no longer has are
   * simply absent from the result.
   */
  async listByIds<T>(
    installationId: string,
    entity: 'leads' | 'contacts' | 'tasks',
    ids: number[],
    query: Record<string, unknown> = {},
  ): Promise<T[]> {
    const found: T[] = [];
    for (let i = 0; i < ids.length; i += LIST_PAGE) {
      const body = await this.get<{ _embedded?: Record<string, T[]> }>(
        installationId,
        `/api/v4/${entity}`,
        { ...query, filter: { id: ids.slice(i, i + LIST_PAGE) }, limit: LIST_PAGE },
      );
      found.push(...(body?._embedded?.[entity] ?? []));
    }

    return found;
  }

  /** Follows HAL `_links.next` pages; `pick` takes the items out of `_embedded`. */
  async *pages<T, Item>(
    installationId: string,
    path: string,
    query: Record<string, unknown>,
    pick: (page: T) => Item[],
  ): AsyncGenerator<Item[]> {
    for (let page = 1; ; page++) {
      const body = await this.get<T & { _links?: { next?: unknown } }>(installationId, path, {
        ...query,
        page,
      });
      if (!body) return;
      yield pick(body);
      if (!body._links?.next) return;
    }
  }

  /** Fails fast, without calling Kommo, for accounts that must authorize again. */
  private async activeInstallation(installationId: string): Promise<Installation> {
    const installation = await this.installations.findById(installationId);
    if (!installation || installation.status !== 'active') {
      const reason =
        installation?.status === 'needs_reauth' ? 'needs re-authorization' : 'inactive';

      throw new KommoApiError(KommoErrorCategory.Revoked, `The Kommo installation is ${reason}`);
    }

    return installation;
  }
}
