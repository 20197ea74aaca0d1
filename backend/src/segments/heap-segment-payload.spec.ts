import { parseHeapWebhook } from './heap-segment-payload';

const page = (data: Record<string, unknown>) =>
  JSON.stringify({
    id_token: 'uuid',
    action_type: 'segment.users.sync',
    customer_config: { fields: [] },
    data: {
      segment: { id: 1338065, name: ' At risk ' },
      sync_info: { page_number: 2, total_pages: 3, sync_task_id: 'task-1' },
      ...data,
    },
  });

describe('parseHeapWebhook', () => {
  it('reads one page of a sync: additions, and removals only counted', () => {
    const parsed = parseHeapWebhook(
      page({ add: [{ id: ' a@x.test ' }, { id: 42 }, { id: '' }], remove: [{ id: 'b@x.test' }] }),
    );

    expect(parsed).toEqual({
      kind: 'sync',
      page: {
        externalId: 'task-1',
        segment: { id: 1338065, name: 'At risk' },
        pageNumber: 2,
        totalPages: 3,
        added: ['a@x.test', '42'],
        removed: 1,
      },
    });
  });

  it('ignores other actions such as a drain', () => {
    const drain = JSON.stringify({ action_type: 'segment.users.drain', data: { segment: {} } });

    expect(parseHeapWebhook(drain)).toEqual({ kind: 'ignored', action: 'segment.users.drain' });
  });

  it('names what is wrong with a malformed sync', () => {
    expect(parseHeapWebhook('not json')).toEqual({
      kind: 'invalid',
      error: 'The body is not JSON',
    });
    expect(parseHeapWebhook(page({ sync_info: undefined })).kind).toBe('invalid');
    const beyond = page({ sync_info: { page_number: 4, total_pages: 3, sync_task_id: 't' } });
    expect(parseHeapWebhook(beyond)).toEqual({
      kind: 'invalid',
      error: 'page_number is beyond total_pages',
    });
  });
});
