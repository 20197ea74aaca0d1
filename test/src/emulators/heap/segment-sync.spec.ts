import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildSegmentSyncPages, deliverSegmentSync, signHeapWebhook } from './segment-sync';

describe('Segment Sync helpers', () => {
  it('signs the millisecond timestamp followed by the raw body', () => {
    const body = '{"action_type":"segment.users.sync"}';
    const expected = createHmac('sha256', 'whsec').update(`1793613600123${body}`).digest('hex');

    expect(signHeapWebhook('whsec', body, 1793613600123)).toBe(`ts:1793613600123,hmac:${expected}`);
  });

  it('pages additions then removals with sync_info', () => {
    const pages = buildSegmentSyncPages({
      segment: { id: 1338065, name: 'At risk' },
      users: ['a@x.test', 'b@x.test', 'c@x.test'],
      removedUsers: ['d@x.test'],
      pageSize: 3,
      syncTaskId: 'task-1',
      idToken: 'id-token-uuid',
    });

    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual({
      id_token: 'id-token-uuid',
      action_type: 'segment.users.sync',
      customer_config: { fields: [] },
      data: {
        segment: { id: 1338065, name: 'At risk' },
        sync_info: { page_number: 1, total_pages: 2, sync_task_id: 'task-1' },
        add: [{ id: 'a@x.test' }, { id: 'b@x.test' }, { id: 'c@x.test' }],
        remove: [],
      },
    });
    expect(pages[1].data).toMatchObject({ add: [], remove: [{ id: 'd@x.test' }] });
  });

  it('retries a page until the partner answers 200', async () => {
    const answers = [429, 500, 200];
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers['heap-hash']));
      req.resume().on('end', () => res.writeHead(answers.shift() ?? 200).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/heap/webhooks`;
    const pages = buildSegmentSyncPages({
      segment: { id: 1, name: 'S' },
      users: ['a@x.test'],
      pageSize: 10,
      syncTaskId: 't',
      idToken: 'i',
    });

    const results = await deliverSegmentSync({ url, secret: 'whsec', pages, maxAttempts: 5 });
    server.close();

    expect(results).toEqual([{ pageNumber: 1, statuses: [429, 500, 200], delivered: true }]);
    expect(seen.every((header) => /^ts:\d{13},hmac:[0-9a-f]{64}$/.test(header))).toBe(true);
  });
});
