import { Reply } from '../../shared/http';
import { hal, noContent, problem } from '../replies';
import { ApiContext } from './route';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;

/**
 * One HAL page of a list: `_page`, `_links.self/next/prev` and `_embedded[key]`. An empty page
 * answers 204 with no body, as Kommo does for empty lists (§6.6).
 */
export function pagedList<T>(
  ctx: ApiContext,
  items: T[],
  key: string,
  render: (item: T) => unknown,
): Reply {
  const page = Math.max(1, Math.floor(Number(ctx.query.page ?? 1)) || 1);
  const limit = ctx.query.limit === undefined ? DEFAULT_LIMIT : Math.floor(Number(ctx.query.limit));
  if (!Number.isFinite(limit) || limit < 1) return problem(400, 'Invalid limit');
  if (limit > MAX_LIMIT) return problem(422, `Limit ${MAX_LIMIT} per page`);

  const slice = items.slice((page - 1) * limit, page * limit);
  if (slice.length === 0) return noContent();
  const links: Record<string, { href: string }> = { self: { href: pageHref(ctx, page, limit) } };
  if (page * limit < items.length) links.next = { href: pageHref(ctx, page + 1, limit) };
  if (page > 1) links.prev = { href: pageHref(ctx, page - 1, limit) };

  return hal({ _page: page, _links: links, _embedded: { [key]: slice.map(render) } });
}

function pageHref(ctx: ApiContext, page: number, limit: number): string {
  const params = new URLSearchParams(ctx.call.rawQuery);
  params.set('page', String(page));
  params.set('limit', String(limit));

  return `${ctx.origin}${ctx.call.path}?${params.toString()}`;
}
