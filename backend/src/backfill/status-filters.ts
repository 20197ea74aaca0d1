import {
  InstallationSettings,
  KOMMO_LOST_STATUS_ID,
  KOMMO_WON_STATUS_ID,
  StatusRef,
} from '@heap-sync/shared';

/** One `filter[statuses]` entry: Kommo takes exactly one stage per entry. */
export interface StatusFilter {
  pipelineId: number;
  statusId: number;
}

export interface PipelineStatuses {
  id: number;
  statusIds: number[];
}

/** Entries per list request, so the query string stays a few kilobytes long. */
export const FILTERS_PER_REQUEST = 40;

const SYSTEM_STATUSES = [KOMMO_WON_STATUS_ID, KOMMO_LOST_STATUS_ID];

const configured = (settings: InstallationSettings): StatusRef[] => [
  ...settings.wonStatuses,
  ...settings.lostStatuses,
];

/** A status configured "in every pipeline" needs the account's pipelines to be listed. */
export function needsPipelines(settings: InstallationSettings): boolean {
  return configured(settings).some((ref) => ref.pipelineId === null);
}

/**
 * The won and lost stages as filter entries, in groups of one request each. A status set for
 * every pipeline becomes one entry per pipeline that has it; won and lost are in all of them.
 */
export function statusFilterGroups(
  settings: InstallationSettings,
  pipelines: PipelineStatuses[],
): StatusFilter[][] {
  const entries = new Map<string, StatusFilter>();
  const add = (pipelineId: number, statusId: number) =>
    entries.set(`${pipelineId}:${statusId}`, { pipelineId, statusId });

  for (const ref of configured(settings)) {
    if (ref.pipelineId !== null) {
      add(ref.pipelineId, ref.statusId);
      continue;
    }
    for (const pipeline of pipelines) {
      const system = SYSTEM_STATUSES.includes(ref.statusId);
      if (system || pipeline.statusIds.includes(ref.statusId)) add(pipeline.id, ref.statusId);
    }
  }
  const sorted = [...entries.values()].sort(
    (a, b) => a.pipelineId - b.pipelineId || a.statusId - b.statusId,
  );
  const groups: StatusFilter[][] = [];
  for (let start = 0; start < sorted.length; start += FILTERS_PER_REQUEST) {
    groups.push(sorted.slice(start, start + FILTERS_PER_REQUEST));
  }

  return groups;
}
