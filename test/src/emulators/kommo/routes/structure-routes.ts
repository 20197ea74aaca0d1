import { KommoCustomField } from '../kommo-types';
import { hal, noContent } from '../replies';
import { pagedList } from './paging';
import { renderField, renderPipeline } from './render';
import { ApiContext, Route, selfLink } from './route';

const fieldsOf = (ctx: ApiContext, entity: string): KommoCustomField[] =>
  entity === 'leads' ? ctx.account.leadFields : ctx.account.contactFields;

function listFields(ctx: ApiContext) {
  const fields = [...fieldsOf(ctx, ctx.params[0])].sort((a, b) => a.sort - b.sort || a.id - b.id);

  return pagedList(ctx, fields, 'custom_fields', (field) => renderField(ctx, field));
}

function getField(ctx: ApiContext) {
  const field = fieldsOf(ctx, ctx.params[0]).find((item) => item.id === Number(ctx.params[1]));

  return field ? hal(renderField(ctx, field)) : noContent();
}

function listPipelines(ctx: ApiContext) {
  const pipelines = [...ctx.account.pipelines].sort((a, b) => a.sort - b.sort);

  return hal({
    _total_items: pipelines.length,
    _links: selfLink(`${ctx.origin}/api/v4/leads/pipelines`),
    _embedded: { pipelines: pipelines.map((pipeline) => renderPipeline(ctx, pipeline)) },
  });
}

function getPipeline(ctx: ApiContext) {
  const pipeline = ctx.account.pipelines.find((item) => item.id === Number(ctx.params[0]));

  return pipeline ? hal(renderPipeline(ctx, pipeline)) : noContent();
}

export const structureRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/(leads|contacts)\/custom_fields$/, handle: listFields },
  {
    method: 'GET',
    pattern: /^\/api\/v4\/(leads|contacts)\/custom_fields\/(\d+)$/,
    handle: getField,
  },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/pipelines$/, handle: listPipelines },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/pipelines\/(\d+)$/, handle: getPipeline },
];
