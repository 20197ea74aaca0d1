import { KommoUser } from '../kommo-types';
import { hal, noContent, problem } from '../replies';
import { pagedList } from './paging';
import { ApiContext, Route, selfLink } from './route';

const FULL = { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' };
const OWN = { view: 'M', edit: 'M', add: 'A', delete: 'D', export: 'D' };

/** A user as API v4 returns it; `rights.is_admin` is what the official client reads. */
function renderUser(ctx: ApiContext, user: KommoUser) {
  const entity = user.isAdmin ? FULL : OWN;

  return {
    id: user.id,
    name: user.name,
    email: `user${user.id}@${ctx.account.subdomain}.example.com`,
    lang: 'en',
    rights: {
      leads: entity,
      contacts: entity,
      companies: entity,
      tasks: { edit: entity.edit, delete: entity.delete },
      mail_access: true,
      catalog_access: user.isAdmin,
      status_rights: [],
      is_admin: user.isAdmin,
      is_free: false,
      is_active: true,
      group_id: null,
      role_id: null,
    },
    _links: selfLink(`${ctx.origin}/api/v4/users/${user.id}`),
  };
}

// The list is documented as admin-only (§6.5); a single user is assumed to follow the same rule.
const forbidden = () => problem(403, 'Access to users is allowed to account admins only');

function listUsers(ctx: ApiContext) {
  if (!ctx.user.isAdmin) return forbidden();

  return pagedList(ctx, ctx.account.users, 'users', (user) => renderUser(ctx, user));
}

function getUser(ctx: ApiContext) {
  if (!ctx.user.isAdmin) return forbidden();
  const user = ctx.account.users.find((candidate) => candidate.id === Number(ctx.params[0]));

  return user ? hal(renderUser(ctx, user)) : noContent();
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/users$/, handle: listUsers },
  { method: 'GET', pattern: /^\/api\/v4\/users\/(\d+)$/, handle: getUser },
];
