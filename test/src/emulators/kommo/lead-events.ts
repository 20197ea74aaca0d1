import { KommoLead } from './kommo-types';
import { LeadNotification } from './webhook-sender';

export const leadAdded = (lead: KommoLead): LeadNotification[] => [
  { setting: 'add_lead', event: { action: 'add', lead } },
];

export const leadDeleted = (lead: KommoLead): LeadNotification[] => [
  { setting: 'delete_lead', event: { action: 'delete', lead } },
];

/** status_lead when the stage or pipeline changed, update_lead for every change. */
export function leadChanged(before: KommoLead, after: KommoLead): LeadNotification[] {
  const moved = before.status_id !== after.status_id || before.pipeline_id !== after.pipeline_id;
  const old = {
    oldStatusId: moved ? before.status_id : undefined,
    oldPipelineId: before.pipeline_id,
  };
  const update: LeadNotification = {
    setting: 'update_lead',
    event: { action: 'update', lead: after, ...old },
  };

  return moved
    ? [{ setting: 'status_lead', event: { action: 'status', lead: after, ...old } }, update]
    : [update];
}
