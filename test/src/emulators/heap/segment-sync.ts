import { createHmac } from 'node:crypto';

/** `Heap-Hash` value: hex HMAC-SHA256 of the ms timestamp followed by the raw body (§12.1). */
export function signHeapWebhook(secret: string, body: string, tsMs: number): string {
  const hmac = createHmac('sha256', secret).update(`${tsMs}${body}`).digest('hex');

  return `ts:${tsMs},hmac:${hmac}`;
}

export interface SegmentSyncInput {
  segment: { id: number; name: string };
  /** User ids (per the customer's user mapping, e.g. emails) that joined the segment. */
  users: string[];
  /** User ids that left the segment. */
  removedUsers?: string[];
  pageSize: number;
  syncTaskId: string;
  idToken: string;
  customerConfig?: { fields: unknown[] };
}

export interface SegmentSyncPayload {
  id_token: string;
  action_type: 'segment.users.sync';
  customer_config: { fields: unknown[] };
  data: {
    segment: { id: number; name: string };
    sync_info: { page_number: number; total_pages: number; sync_task_id: string };
    add: Array<{ id: string }>;
    remove: Array<{ id: string }>;
  };
}

/** Splits one sync into pages of at most pageSize users, additions first (webhook_spec.yaml). */
export function buildSegmentSyncPages(input: SegmentSyncInput): SegmentSyncPayload[] {
  if (input.pageSize < 1) throw new Error('pageSize must be at least 1');
  const entries = [
    ...input.users.map((id) => ({ id, kind: 'add' as const })),
    ...(input.removedUsers ?? []).map((id) => ({ id, kind: 'remove' as const })),
  ];
  const totalPages = Math.max(1, Math.ceil(entries.length / input.pageSize));

  return Array.from({ length: totalPages }, (_, index) => {
    const slice = entries.slice(index * input.pageSize, (index + 1) * input.pageSize);

    return {
      id_token: input.idToken,
      action_type: 'segment.users.sync',
      customer_config: input.customerConfig ?? { fields: [] },
      data: {
        segment: input.segment,
        sync_info: {
          page_number: index + 1,
          total_pages: totalPages,
          sync_task_id: input.syncTaskId,
        },
        add: slice.filter((e) => e.kind === 'add').map(({ id }) => ({ id })),
        remove: slice.filter((e) => e.kind === 'remove').map(({ id }) => ({ id })),
      },
    };
  });
}

export interface SegmentSyncDelivery {
  pageNumber: number;
  statuses: number[];
  delivered: boolean;
}

/**
 * POSTs each page signed with a fresh millisecond timestamp; anything but 200 is retried, as
 * Heap retries 429 and other error answers (webhook_spec.yaml).
 */
export async function deliverSegmentSync(options: {
  url: string;
  secret: string;
  pages: SegmentSyncPayload[];
  maxAttempts?: number;
  now?: () => number;
}): Promise<SegmentSyncDelivery[]> {
  const now = options.now ?? Date.now;
  const results: SegmentSyncDelivery[] = [];
  for (const page of options.pages) {
    const body = JSON.stringify(page);
    const statuses: number[] = [];
    while (statuses.length < (options.maxAttempts ?? 3) && statuses.at(-1) !== 200) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Heap-Hash': signHeapWebhook(options.secret, body, now()),
        },
        body,
      }).catch(() => null);
      await response?.arrayBuffer();
      statuses.push(response?.status ?? 0);
    }
    results.push({
      pageNumber: page.data.sync_info.page_number,
      statuses,
      delivered: statuses.at(-1) === 200,
    });
  }

  return results;
}
