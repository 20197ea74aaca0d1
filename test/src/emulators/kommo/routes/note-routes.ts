import { KommoNote } from '../kommo-types';
import { FieldError, hal, validationFailed } from '../replies';
import { ApiContext, jsonArrayBody, Route, selfLink } from './route';
import { notAChoice, requireInt, requireText, validateBatch } from './validation';

// KR notes-types; the types that carry free text need params.text.
const NOTE_TYPES = [
  'common',
  'call_in',
  'call_out',
  'service_message',
  'extended_service_message',
  'geolocation',
  'sms_in',
  'sms_out',
  'attachment',
];
const TEXT_TYPES = ['common', 'service_message', 'extended_service_message', 'sms_in', 'sms_out'];

function checkNote(item: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  requireInt(item, 'entity_id', errors);
  if (!NOTE_TYPES.includes(String(item.note_type))) errors.push(notAChoice('note_type'));
  const params = (item.params ?? {}) as Record<string, unknown>;
  if (TEXT_TYPES.includes(String(item.note_type))) {
    requireText('params.text', params.text, errors);
  }

  return errors;
}

function addNotes(ctx: ApiContext) {
  const body = jsonArrayBody(ctx);
  if (!body.ok) return body.reply;
  const failures = validateBatch(body.items, checkNote);
  if (failures.length > 0) return validationFailed(failures);

  const entityType = ctx.params[0];
  const created = (body.items as Array<Record<string, unknown>>).map((item, index) => {
    const note: KommoNote = {
      id: ctx.store.ids.next('note'),
      entity_id: item.entity_id as number,
      entity_type: entityType,
      created_by: ctx.user.id,
      updated_by: ctx.user.id,
      created_at: ctx.nowSec,
      updated_at: ctx.nowSec,
      responsible_user_id: (item.responsible_user_id as number | undefined) ?? ctx.user.id,
      group_id: 0,
      note_type: item.note_type as string,
      params: (item.params ?? {}) as Record<string, unknown>,
      account_id: ctx.account.id,
    };
    ctx.store.notes.push(note);

    return {
      id: note.id,
      entity_id: note.entity_id,
      request_id: String(item.request_id ?? index),
      _links: selfLink(`${ctx.origin}/api/v4/${entityType}/${note.entity_id}/notes/${note.id}`),
    };
  });

  return hal({
    _links: selfLink(`${ctx.origin}/api/v4/${entityType}/notes`),
    _embedded: { notes: created },
  });
}

export const noteRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v4\/(leads|contacts|companies)\/notes$/, handle: addNotes },
];
