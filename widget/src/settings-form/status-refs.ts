import type { StatusRef } from '@heap-sync/shared';

export function hasRef(refs: StatusRef[], pipelineId: number | null, statusId: number): boolean {
  return refs.some((ref) => ref.pipelineId === pipelineId && ref.statusId === statusId);
}

export function setRef(refs: StatusRef[], ref: StatusRef, checked: boolean): StatusRef[] {
  const others = refs.filter(
    (item) => !(item.pipelineId === ref.pipelineId && item.statusId === ref.statusId),
  );

  return checked ? [...others, ref] : others;
}

/** Status ids offered "in every pipeline": Kommo's system status plus any already configured. */
export function everyPipelineStatusIds(refs: StatusRef[], systemStatusId: number): number[] {
  const ids = refs.filter((ref) => ref.pipelineId === null).map((ref) => ref.statusId);

  return [systemStatusId, ...ids.filter((id) => id !== systemStatusId)].filter(
    (id, index, all) => all.indexOf(id) === index,
  );
}
