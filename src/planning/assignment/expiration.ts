import { PERMISSION_LABELS, type UserPermission } from '../preflight/permissions.js';
import { type Blocker, type ExpirationWish, type NoExpiryGrant } from './types.js';

/**
 * Salesforce refuses an expiration date on an assignment of a permission set or group that grants one of these
 * (Salesforce Help: "Permission Set and Permission Set Group Assignment Expiration Considerations").
 */
export const NO_EXPIRY_PERMISSIONS: readonly UserPermission[] = ['PermissionsAssignPermissionSets', 'PermissionsManageProfilesPermissionsets', 'PermissionsManageUsers'];

/** The first permission of NO_EXPIRY_PERMISSIONS that a PermissionSet row (its Permissions* fields) grants. */
export function noExpiryGrant(fields: Readonly<Record<string, unknown>>, setName: string): NoExpiryGrant | undefined {
  const permission = NO_EXPIRY_PERMISSIONS.find((p) => fields[p] === true);
  return permission ? { permission, via: setName } : undefined;
}

/**
 * The blocker for an expiration asked on a target granting such a permission: it names the permission, and for a
 * group the member permission set that grants it. A mute inside the group does not lift it (as the emulator,
 * which follows the Help's wording: unverified for a muted permission).
 */
export function expirationNotAllowed(target: { name: string; group: boolean }, grant: NoExpiryGrant): Blocker {
  const label = `${PERMISSION_LABELS[grant.permission as UserPermission] ?? grant.permission} (${grant.permission})`;
  return target.group
    ? { reason: 'EXPIRATION_NOT_ALLOWED', tokens: [target.name, grant.via, label], variant: 'group' }
    : { reason: 'EXPIRATION_NOT_ALLOWED', tokens: [target.name, label] };
}

export type ExpirationDecision = {
  /** The assignment's expiration must be written (created with it, or updated to it). */
  change: boolean;
  /** The value to write: an ISO instant, or null for none. */
  value: string | null;
  blocker?: Blocker;
};

/** ExpirationDate is a datetime with seconds precision: two values are the same when they name the same second. */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.floor(instant(a) / 1000) === Math.floor(instant(b) / 1000);
}

/** Salesforce writes datetimes as 2027-01-01T00:00:00.000+0000; the colon-less offset is made standard first. */
export function instant(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** What a wish means against the assignment's current expiration (null when it has none or does not exist). */
export function expirationDecision(wish: ExpirationWish, current: string | null, now: number): ExpirationDecision {
  switch (wish.kind) {
    case 'keep':
      return { change: false, value: current };
    case 'clear':
      return { change: current !== null, value: null };
    case 'set':
      if (instant(wish.at) <= now) {
        return { change: false, value: current, blocker: { reason: 'EXPIRATION_IN_PAST', tokens: [wish.at] } };
      }
      return { change: !sameInstant(current, wish.at), value: wish.at };
  }
}
