import { effectiveAccessOf } from '../access/effective-access.js';
import { type RuleId, violation } from './catalogue.js';
import { type Fields, type RuleContext } from './context.js';

export type WriteOperation = 'create' | 'update' | 'delete';

type Need = { permission: string; rule: RuleId };

const ASSIGN: Need = { permission: 'PermissionsAssignPermissionSets', rule: 'assignPermissionSetsRequired' };
const MANAGE_USERS: Need = { permission: 'PermissionsManageUsers', rule: 'manageUsersRequired' };
const MANAGE_PROFILES: Need = { permission: 'PermissionsManageProfilesPermissionsets', rule: 'manageProfilesRequired' };

/** Which of the running user's system permissions a write to each object needs (rules/catalogue.ts has the sources). */
const NEEDS: Record<string, Need> = {
  PermissionSetAssignment: ASSIGN,
  PermissionSetLicenseAssign: MANAGE_USERS,
  PermissionSet: MANAGE_PROFILES,
  PermissionSetGroup: MANAGE_PROFILES,
  PermissionSetGroupComponent: MANAGE_PROFILES,
  MutingPermissionSet: MANAGE_PROFILES,
  ObjectPermissions: MANAGE_PROFILES,
  FieldPermissions: MANAGE_PROFILES,
  SetupEntityAccess: MANAGE_PROFILES,
  Profile: MANAGE_PROFILES,
};

/**
 * Refuses a write the running user (the session's user) has no right to make, from that user's effective system
 * permissions as the records are now: profile, permission sets and groups together, as UserPermissionAccess
 * answers. Seeding writes are the org's own history and are not checked.
 */
export function checkRunningUser(ctx: RuleContext, type: string, operation: WriteOperation): void {
  const need = NEEDS[type];
  if (!need || ctx.seeding || !ctx.runningUserId) return;
  const held = effectiveAccessOf(ctx.store, ctx.runningUserId, ctx.clock.now(), true).permissions;
  if (held.has(need.permission)) return;
  const verb = { create: 'insert', update: 'update', delete: 'delete' }[operation];
  throw violation(need.rule, `insufficient access rights on object id: the running user can't ${verb} ${type} without ${need.permission}`);
}

/** Permissions the standard System Administrator profile holds unless a seed says otherwise (`systemAdministratorDefaults`). */
const ADMINISTRATOR_DEFAULTS = ['PermissionsAssignPermissionSets', 'PermissionsManageUsers', 'PermissionsManageProfilesPermissionsets'];

/** A seeded System Administrator profile that is silent about a permission of ADMINISTRATOR_DEFAULTS holds it. */
export function administratorDefaults(fields: Fields): void {
  if (fields.Name !== 'System Administrator') return;
  for (const permission of ADMINISTRATOR_DEFAULTS) if (fields[permission] === undefined) fields[permission] = true;
}
