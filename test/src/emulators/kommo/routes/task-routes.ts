import { ParsedQs } from 'qs';
import { KommoTask } from '../kommo-types';
import { FieldError, hal, validationFailed } from '../replies';
import { pagedList } from './paging';
import { ApiContext, jsonArrayBody, numberList, Route, selfLink, stringParam } from './route';
import { notAChoice, optionalInt, requireInt, requireText, validateBatch } from './validation';

const ENTITY_TYPES = ['leads', 'contacts', 'companies'];

/** text and complete_till are required (KR tasks-list). */
function checkTask(item: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  requireText('text', item.text, errors);
  requireInt(item, 'complete_till', errors);
  if (item.entity_type !== undefined && !ENTITY_TYPES.includes(String(item.entity_type))) {
    errors.push(notAChoice('entity_type'));
  }
  for (const key of ['entity_id', 'task_type_id', 'responsible_user_id', 'duration']) {
    optionalInt(item, key, errors);
  }

  return errors;
}

function addTasks(ctx: ApiContext) {
  const body = jsonArrayBody(ctx);
  if (!body.ok) return body.reply;
  const failures = validateBatch(body.items, checkTask);
  if (failures.length > 0) return validationFailed(failures);

  const created = (body.items as Array<Record<string, unknown>>).map((item, index) => {
    const task: KommoTask = {
      id: ctx.store.ids.next('task'),
      created_by: ctx.user.id,
      updated_by: ctx.user.id,
      created_at: ctx.nowSec,
      updated_at: ctx.nowSec,
      responsible_user_id: (item.responsible_user_id as number | undefined) ?? ctx.user.id,
      group_id: 0,
      entity_id: (item.entity_id as number | undefined) ?? null,
      entity_type: (item.entity_type as string | undefined) ?? null,
      duration: (item.duration as number | undefined) ?? 0,
      is_completed: item.is_completed === true,
      task_type_id: (item.task_type_id as number | undefined) ?? 1,
      text: item.text as string,
      result: [],
      complete_till: item.complete_till as number,
      account_id: ctx.account.id,
    };
    ctx.store.tasks.push(task);

    return {
      id: task.id,
      request_id: String(item.request_id ?? index),
      _links: selfLink(`${ctx.origin}/api/v4/tasks/${task.id}`),
    };
  });

  return hal({ _links: selfLink(`${ctx.origin}/api/v4/tasks`), _embedded: { tasks: created } });
}

function taskMatcher(query: ParsedQs): (task: KommoTask) => boolean {
  const filter = (typeof query.filter === 'object' ? query.filter : {}) as ParsedQs;
  const entityType = stringParam(filter.entity_type);
  const entityIds = numberList(filter.entity_id);
  const ids = numberList(filter.id);
  const users = numberList(filter.responsible_user_id);
  const types = numberList(filter.task_type);
  const completed = filter.is_completed === undefined ? null : filter.is_completed === '1';

  return (task) =>
    (!entityType || task.entity_type === entityType) &&
    (!entityIds || (task.entity_id !== null && entityIds.includes(task.entity_id))) &&
    (!ids || ids.includes(task.id)) &&
    (!users || users.includes(task.responsible_user_id)) &&
    (!types || types.includes(task.task_type_id)) &&
    (completed === null || task.is_completed === completed);
}

function listTasks(ctx: ApiContext) {
  const matches = taskMatcher(ctx.query);
  const tasks = ctx.store.tasks.filter(
    (task) => task.account_id === ctx.account.id && matches(task),
  );

  return pagedList(ctx, tasks, 'tasks', (task) => ({
    ...task,
    _links: selfLink(`${ctx.origin}/api/v4/tasks/${task.id}`),
  }));
}

export const taskRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v4\/tasks$/, handle: addTasks },
  { method: 'GET', pattern: /^\/api\/v4\/tasks$/, handle: listTasks },
];
