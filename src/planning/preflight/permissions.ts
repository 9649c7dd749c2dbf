/**
 * The running user's own system permissions that the plugin's writes need, checked once before the first write
 * (the preflight), and which write needs which, as Salesforce documents it:
 *
 * - PermissionSetAssignment insert and delete, for a permission set or a group: Assign Permission Sets.
 *   Salesforce Help, "Manage Permission Set Assignments" (To assign permission sets: Assign Permission Sets AND
 *   View Setup and Configuration; to remove permission set assignments: Assign Permission Sets) and "Assign
 *   Permission Set Groups to Users" (Assign Permission Sets). An update of ExpirationDate: the same (unverified:
 *   the Help names assigning and removing only).
 * - PermissionSetLicenseAssign insert (the seats a group's members need): Manage Users. Salesforce Help, "Assign a
 *   Permission Set License to a User".
 * - PermissionSet, PermissionSetGroup and MutingPermissionSet insert, update and delete, their permission rows, and
 *   PermissionSetGroupComponent insert and delete (editing a group): Manage Profiles and Permission Sets.
 *   Salesforce Help, "Add Permission Sets to Permission Set Groups" / "Create a Permission Set Group" (to create a
 *   permission set, and a permission set group: Manage Profiles and Permission Sets); Object Reference,
 *   PermissionSetGroup ("To edit this object, users must have the Manage Profiles and Permission Sets
 *   permission"). For deleting a permission set and for PermissionSetGroupComponent the pages name no
 *   permission of their own: unverified, taken to be the same.
 *
 * View Setup and Configuration, which the Help lists beside Assign Permission Sets for the Setup pages, is not
 * checked: the commands' own reads of PermissionSetGroupComponent already need it (Object Reference: "only users
 * with the View Setup and Configuration permission can access this object"), so without it they stop at reading.
 */
export type UserPermission = 'PermissionsAssignPermissionSets' | 'PermissionsManageUsers' | 'PermissionsManageProfilesPermissionsets';

/** The permissions' names as Setup shows them. */
export const PERMISSION_LABELS: Readonly<Record<UserPermission, string>> = {
  PermissionsAssignPermissionSets: 'Assign Permission Sets',
  PermissionsManageUsers: 'Manage Users',
  PermissionsManageProfilesPermissionsets: 'Manage Profiles and Permission Sets',
};

/** Every field the preflight reads from UserPermissionAccess (all of them, in one query, whatever the command). */
export const PREFLIGHT_FIELDS = Object.keys(PERMISSION_LABELS) as UserPermission[];

/** The running user lacks permissions the run's writes need: raised before the first write. */
export class MissingPermissionsError extends Error {
  public constructor(public readonly missing: readonly UserPermission[]) {
    super(`missing ${missing.join(', ')}`);
    this.name = 'MissingPermissionsError';
  }
}

/** The required permissions that `held` (a UserPermissionAccess row) does not grant, in the order required. */
export function missingPermissions(held: Readonly<Record<string, unknown>> | undefined, required: readonly UserPermission[]): UserPermission[] {
  return [...new Set(required)].filter((p) => held?.[p] !== true);
}

/**
 * `permset assign`: Assign Permission Sets for the assignments; Manage Users too when a requested group's member
 * sets need a permission set license, since the run may then create PermissionSetLicenseAssign rows. That is
 * known before the first batch is read, so a run never stops halfway for want of it.
 */
export function assignNeeds(options: { pslSeatsPossible: boolean }): UserPermission[] {
  return ['PermissionsAssignPermissionSets', ...(options.pslSeatsPossible ? (['PermissionsManageUsers'] as const) : [])];
}

/**
 * `psg retire` and `psg restore`: Assign Permission Sets when assignments are removed or recreated; Manage
 * Profiles and Permission Sets when a set, group, muting set, permission row or group component is written.
 */
export function setupWriteNeeds(options: { assignments: boolean; setup: boolean }): UserPermission[] {
  return [
    ...(options.assignments ? (['PermissionsAssignPermissionSets'] as const) : []),
    ...(options.setup ? (['PermissionsManageProfilesPermissionsets'] as const) : []),
  ];
}

/**
 * Writing assignment rows themselves, created or deleted (`permset unassign`, `psl reclaim`, `permset restore` of a
 * removal backup): Assign Permission Sets for PermissionSetAssignment rows, Manage Users for PermissionSetLicenseAssign
 * rows (the emulator's rules assignPermissionSetsRequired and manageUsersRequired), each only when some are written.
 */
export function assignmentRowNeeds(options: { assignments: boolean; seats: boolean }): UserPermission[] {
  return [
    ...(options.assignments ? (['PermissionsAssignPermissionSets'] as const) : []),
    ...(options.seats ? (['PermissionsManageUsers'] as const) : []),
  ];
}
