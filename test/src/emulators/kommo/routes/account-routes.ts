import { hal } from '../replies';
import { ApiContext, Route, selfLink, withList } from './route';

/** "+03:00" for the account's IANA zone, as datetime_settings.timezone_offset carries it. */
function offsetOf(timezone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';

  return offset === '' ? '+00:00' : offset;
}

function getAccount(ctx: ApiContext) {
  const { account } = ctx;
  const withs = withList(ctx.query);
  const embedded: Record<string, unknown> = {};
  if (withs.includes('datetime_settings')) {
    // Field names as read by php src/AmoCRM/Models/AccountModel.php (fromArray).
    embedded.datetime_settings = {
      date_pattern: 'd.m.Y H:i',
      short_date_pattern: 'd.m.Y',
      short_time_pattern: 'H:i',
      date_format: 'd.m.Y',
      time_format: 'H:i:s',
      timezone: account.timezone,
      timezone_offset: offsetOf(account.timezone),
    };
  }
  if (withs.includes('users_groups'))
    embedded.users_groups = [{ id: 0, name: 'Sales', uuid: null }];
  if (withs.includes('task_types')) {
    embedded.task_types = [
      { id: 1, name: 'Follow-up', color: null, icon_id: null, code: 'FOLLOW_UP' },
      { id: 2, name: 'Meeting', color: null, icon_id: null, code: 'MEETING' },
    ];
  }

  return hal({
    id: account.id,
    name: account.name,
    subdomain: account.subdomain,
    created_at: account.createdAt,
    created_by: account.currentUserId,
    updated_at: account.createdAt,
    updated_by: account.currentUserId,
    current_user_id: ctx.user.id,
    country: 'US',
    currency: 'USD',
    currency_symbol: '$',
    customers_mode: 'disabled',
    is_unsorted_on: true,
    mobile_feature_version: 0,
    is_loss_reason_enabled: true,
    is_helpbot_enabled: false,
    is_technical_account: false,
    contact_name_display_order: 1,
    ...(withs.includes('amojo_id') ? { amojo_id: `amojo-${account.id}` } : {}),
    ...(withs.includes('version') ? { version: 11 } : {}),
    _links: selfLink(`${ctx.origin}/api/v4/account`),
    ...(Object.keys(embedded).length > 0 ? { _embedded: embedded } : {}),
  });
}

export const accountRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/account$/, handle: getAccount },
];
