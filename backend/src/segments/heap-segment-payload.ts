import { z } from 'zod';

/** One page of users added to a segment, from a Heap sync or a CSV upload. */
export interface SegmentPage {
  /** Heap's sync_task_id, or the upload's own id: pages of one sync share it. */
  externalId: string;
  segment: { id: number; name: string };
  pageNumber: number;
  totalPages: number;
  added: string[];
  removed: number;
}

export type ParsedHeapWebhook =
  | { kind: 'sync'; page: SegmentPage }
  | { kind: 'ignored'; action: string }
  | { kind: 'invalid'; error: string };

export const SYNC_ACTION = 'segment.users.sync';
/** Longer values are not identities Heap accepts (255) nor emails; they are cut, not dropped. */
const MAX_IDENTITY = 500;

const user = z.object({ id: z.union([z.string(), z.number()]) });
const syncSchema = z.object({
  data: z.object({
    segment: z.object({ id: z.coerce.number().int().positive(), name: z.string().default('') }),
    sync_info: z.object({
      page_number: z.number().int().min(1),
      total_pages: z.number().int().min(1).max(100_000),
      sync_task_id: z.union([z.string().trim().min(1).max(200), z.number()]),
    }),
    add: z.array(user).default([]),
    remove: z.array(user).default([]),
  }),
});

/**
 * Reads a `segment.users.sync` body (heap-api.md §12.1). Other actions, such as
 * `segment.users.drain`, are acknowledged and ignored: users leaving a segment delete nothing.
 */
export function parseHeapWebhook(body: string): ParsedHeapWebhook {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'invalid', error: 'The body is not JSON' };
  }
  const action = (json as { action_type?: unknown } | null)?.action_type;
  if (action !== SYNC_ACTION) return { kind: 'ignored', action: String(action).slice(0, 100) };

  const parsed = syncSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];

    return { kind: 'invalid', error: `Invalid ${issue.path.join('.')}: ${issue.message}` };
  }
  const { segment, sync_info: info, add, remove } = parsed.data.data;
  if (info.page_number > info.total_pages) {
    return { kind: 'invalid', error: 'page_number is beyond total_pages' };
  }

  return {
    kind: 'sync',
    page: {
      externalId: String(info.sync_task_id),
      segment: { id: segment.id, name: segment.name.trim().slice(0, 255) },
      pageNumber: info.page_number,
      totalPages: info.total_pages,
      added: cleanIdentities(add.map((item) => String(item.id))),
      removed: remove.length,
    },
  };
}

/** Trimmed, non-empty, cut to a sane length; duplicates are removed later by the unique key. */
export function cleanIdentities(values: string[]): string[] {
  return values.map((value) => value.trim().slice(0, MAX_IDENTITY)).filter(Boolean);
}

/** Records are unique per sync and identity, ignoring case and surrounding spaces. */
export const identityKey = (identity: string) => identity.trim().toLowerCase();
