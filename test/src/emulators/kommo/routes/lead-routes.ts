import { ParsedQs } from 'qs';
import { fieldValueTexts } from '../custom-field-values';
import { KommoLead } from '../kommo-types';
import { hal, noContent } from '../replies';
import { pagedList } from './paging';
import { renderLead } from './render';
import { ApiContext, numberList, Route, stringParam, withList } from './route';

type Range = { from?: number; to?: number };

function range(value: unknown): Range | null {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) {
    const { from, to } = value as Record<string, unknown>;

    return {
      from: from === undefined ? undefined : Number(from),
      to: to === undefined ? undefined : Number(to),
    };
  }

  return { from: Number(value), to: Number(value) };
}

const inRange = (value: number, bounds: Range | null) =>
  !bounds ||
  ((bounds.from === undefined || value >= bounds.from) &&
    (bounds.to === undefined || value <= bounds.to));

/** One stage per pipeline; entries are OR-ed (KL api_v4/leads-api). */
function stageFilter(value: unknown): Array<{ pipelineId: number; statusId?: number }> | null {
  if (typeof value !== 'object' || value === null) return null;

  return Object.values(value as Record<string, ParsedQs>).map((entry) => ({
    pipelineId: Number(entry.pipeline_id),
    statusId: entry.status_id === undefined ? undefined : Number(entry.status_id),
  }));
}

function leadMatcher(query: ParsedQs): (lead: KommoLead) => boolean {
  const filter = (typeof query.filter === 'object' ? query.filter : {}) as ParsedQs;
  const ids = numberList(filter.id);
  const pipelines = numberList(filter.pipeline_id);
  const stages = stageFilter(filter.statuses);
  const updated = range(filter.updated_at);
  const created = range(filter.created_at);
  const search = stringParam(query.query)?.toLowerCase();

  return (lead) =>
    (!ids || ids.includes(lead.id)) &&
    (!pipelines || pipelines.includes(lead.pipeline_id)) &&
    (!stages ||
      stages.some(
        (stage) =>
          stage.pipelineId === lead.pipeline_id &&
          (stage.statusId === undefined || stage.statusId === lead.status_id),
      )) &&
    inRange(lead.updated_at, updated) &&
    inRange(lead.created_at, created) &&
    (!search ||
      [String(lead.id), lead.name, ...fieldValueTexts(lead.custom_fields_values)].some((text) =>
        text.toLowerCase().includes(search),
      ));
}

/** order[updated_at|created_at|id]=asc|desc; without it the list is by id ascending. */
function sortLeads(leads: KommoLead[], query: ParsedQs): KommoLead[] {
  const order = (typeof query.order === 'object' ? query.order : {}) as Record<string, unknown>;
  const [field, direction] = Object.entries(order)[0] ?? ['id', 'asc'];
  const key = (
    ['updated_at', 'created_at', 'id'].includes(field) ? field : 'id'
  ) as keyof KommoLead;
  const sign = direction === 'desc' ? -1 : 1;

  return [...leads].sort(
    (a, b) => sign * ((a[key] as number) - (b[key] as number)) || sign * (a.id - b.id),
  );
}

function listLeads(ctx: ApiContext) {
  const withs = withList(ctx.query);
  const onlyDeleted = withs.includes('only_deleted');
  const matches = leadMatcher(ctx.query);
  const leads = [...ctx.account.leads.values()].filter(
    (lead) => lead.is_deleted === onlyDeleted && matches(lead),
  );
  const withContacts = withs.includes('contacts');

  return pagedList(ctx, sortLeads(leads, ctx.query), 'leads', (lead) =>
    renderLead(ctx, lead, withContacts),
  );
}

function getLead(ctx: ApiContext) {
  const lead = ctx.account.leads.get(Number(ctx.params[0]));
  // A missing or deleted lead is 204 with an empty body, not 404 (§6.6, php#299).
  if (!lead || lead.is_deleted) return noContent();

  return hal(renderLead(ctx, lead, withList(ctx.query).includes('contacts')));
}

export const leadRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/leads$/, handle: listLeads },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/(\d+)$/, handle: getLead },
];
