import { type StoredRecord } from '../store/types.js';
import { type RuleContext } from './context.js';

/** Ids of the groups with a component for this permission set (or muting permission set). */
export function groupsContaining(ctx: RuleContext, permissionSetId: string): string[] {
  return ctx.store.findBy('PermissionSetGroupComponent', 'PermissionSetId', permissionSetId).map((c) => String(c.PermissionSetGroupId));
}

/** The group's aggregate permission set (Type 'Group'). */
export function aggregateSetOf(ctx: RuleContext, groupId: string): StoredRecord | undefined {
  return ctx.store.findBy('PermissionSet', 'PermissionSetGroupId', groupId).find((ps) => ps.Type === 'Group');
}

/** The member permission sets of a group (muting permission sets excluded). */
export function memberSetsOf(ctx: RuleContext, groupId: string): StoredRecord[] {
  return ctx.store
    .findBy('PermissionSetGroupComponent', 'PermissionSetGroupId', groupId)
    .map((c) => ctx.store.get(String(c.PermissionSetId)))
    .filter((r): r is StoredRecord => r !== undefined && ctx.store.typeOfId(r.Id) === 'PermissionSet');
}

export function holdsPsl(ctx: RuleContext, userId: string, pslId: string): boolean {
  return ctx.store.findBy('PermissionSetLicenseAssign', 'AssigneeId', userId).some((a) => a.PermissionSetLicenseId === pslId);
}

/** The user license of a user, through the profile. */
export function userLicenseOf(ctx: RuleContext, user: StoredRecord): string | undefined {
  const profile = typeof user.ProfileId === 'string' ? ctx.store.get(user.ProfileId) : undefined;
  return typeof profile?.UserLicenseId === 'string' ? profile.UserLicenseId : undefined;
}

/**
 * Moves a license's UsedLicenses by `delta` (a seat taken or freed). Incremental, so that seeding 100,000 users
 * stays linear; the seed loader recounts everything once at the end as a cross-check.
 */
export function adjustUsed(ctx: RuleContext, licenseId: string | undefined, delta: number): void {
  const license = licenseId ? ctx.store.get(licenseId) : undefined;
  if (!license) return;
  ctx.store.update(license.Id, { UsedLicenses: Number(license.UsedLicenses ?? 0) + delta });
}

/** True when a record of `type` other than `exceptId` already has this unique name (case-insensitive, per namespace). */
export function nameTaken(ctx: RuleContext, type: string, field: string, fields: Record<string, unknown>, exceptId?: string): StoredRecord | undefined {
  const value = fields[field];
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase();
  const namespace = fields.NamespacePrefix ?? null;
  return ctx.store
    .findBy(type, field, value)
    .find((r) => r.Id !== exceptId && String(r[field]).toLowerCase() === name && (r.NamespacePrefix ?? null) === namespace);
}

/** Permissions that forbid an expiration date on an assignment (Salesforce Help: expiration considerations). */
const NON_EXPIRING_PERMISSIONS = ['PermissionsAssignPermissionSets', 'PermissionsManageProfilesPermissionsets', 'PermissionsManageUsers'];

export function grantsAdminPermission(set: StoredRecord): boolean {
  return NON_EXPIRING_PERMISSIONS.some((field) => set[field] === true);
}
