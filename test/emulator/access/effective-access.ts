import { parseDateTime } from '../org/clock.js';
import { type RecordStore, type StoredRecord } from '../store/types.js';

/**
 * What a user can do, computed from the org's records the way Salesforce documents it (rules
 * `effectiveAccessUnion` … `effectiveAccessInactive` in rules/catalogue.ts). Written apart from the plugin's model
 * (src/planning/access), on purpose: the cross-check test compares the two.
 */
export type EffectiveAccess = {
  /** Object API name -> the ObjectPermissions columns that hold (PermissionsRead, PermissionsEdit, …). */
  objects: Map<string, Set<string>>;
  /** `Object.Field` -> FieldPermissions columns that hold (PermissionsRead, PermissionsEdit). */
  fields: Map<string, Set<string>>;
  /** Permissions* field names that hold. */
  permissions: Set<string>;
};

/** One source's rows: what a permission set grants, or a muting set mutes. */
type Contribution = EffectiveAccess;

const OBJECT_REQUIRES: Record<string, string[]> = {
  PermissionsCreate: ['PermissionsRead'],
  PermissionsEdit: ['PermissionsRead'],
  PermissionsViewAllRecords: ['PermissionsRead'],
  PermissionsDelete: ['PermissionsRead', 'PermissionsEdit'],
  PermissionsModifyAllRecords: ['PermissionsRead', 'PermissionsEdit', 'PermissionsDelete', 'PermissionsViewAllRecords'],
};
const OBJECT_COLUMNS = ['PermissionsRead', 'PermissionsCreate', 'PermissionsEdit', 'PermissionsDelete', 'PermissionsViewAllRecords', 'PermissionsModifyAllRecords'];

const empty = (): Contribution => ({ objects: new Map(), fields: new Map(), permissions: new Set() });

function add(map: Map<string, Set<string>>, key: string, column: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(column);
}

/** The true flags of one permission set's (or mute's) rows and Permissions* fields (only the latter with `systemOnly`). */
function rowsOf(store: RecordStore, parent: StoredRecord, systemOnly = false): Contribution {
  const out = empty();
  for (const [name, value] of Object.entries(parent)) if (name.startsWith('Permissions') && value === true) out.permissions.add(name);
  if (systemOnly) return out;
  for (const row of store.findBy('ObjectPermissions', 'ParentId', parent.Id)) {
    for (const column of OBJECT_COLUMNS) if (row[column] === true) add(out.objects, String(row.SobjectType), column);
  }
  for (const row of store.findBy('FieldPermissions', 'ParentId', parent.Id)) {
    for (const column of ['PermissionsRead', 'PermissionsEdit']) if (row[column] === true) add(out.fields, String(row.Field), column);
  }
  return out;
}

/** `into` gains `from`'s grants except what `muted` names. */
function merge(into: Contribution, from: Contribution, muted: Contribution = empty()): void {
  for (const [object, columns] of from.objects) for (const c of columns) if (!muted.objects.get(object)?.has(c)) add(into.objects, object, c);
  for (const [f, columns] of from.fields) for (const c of columns) if (!muted.fields.get(f)?.has(c)) add(into.fields, f, c);
  for (const p of from.permissions) if (!muted.permissions.has(p)) into.permissions.add(p);
}

/** After a mute, an access stands only with what it requires (Edit without Read does not survive a muted Read). */
function dropUnsupported(contribution: Contribution): void {
  for (const columns of contribution.objects.values()) {
    for (const column of ['PermissionsCreate', 'PermissionsEdit', 'PermissionsViewAllRecords', 'PermissionsDelete', 'PermissionsModifyAllRecords']) {
      if (columns.has(column) && !OBJECT_REQUIRES[column].every((r) => columns.has(r))) columns.delete(column);
    }
  }
  for (const columns of contribution.fields.values()) if (!columns.has('PermissionsRead')) columns.delete('PermissionsEdit');
}

/** A set grants only to a user holding its license: the profile's user license, or an assigned permission set license. */
function licensed(store: RecordStore, user: StoredRecord, set: StoredRecord, heldPsls: Set<string>): boolean {
  const license = typeof set.LicenseId === 'string' ? set.LicenseId : undefined;
  if (!license) return true;
  if (license.startsWith('0PL')) return heldPsls.has(license.slice(0, 15));
  const profile = store.get(String(user.ProfileId));
  return String(profile?.UserLicenseId ?? '').slice(0, 15) === license.slice(0, 15);
}

function groupContribution(store: RecordStore, user: StoredRecord, group: StoredRecord, heldPsls: Set<string>, systemOnly: boolean): Contribution {
  const granted = empty();
  let muted = empty();
  for (const component of store.findBy('PermissionSetGroupComponent', 'PermissionSetGroupId', group.Id)) {
    const member = store.get(String(component.PermissionSetId));
    if (!member) continue;
    if (member.Id.startsWith('0QM')) muted = rowsOf(store, member, systemOnly);
    // A member's own HasActivationRequired does not apply inside a group.
    else if (licensed(store, user, member, heldPsls)) merge(granted, rowsOf(store, member, systemOnly));
  }
  const out = empty();
  merge(out, granted, muted);
  dropUnsupported(out);
  return out;
}

function notExpired(assignment: StoredRecord, now: Date): boolean {
  if (typeof assignment.ExpirationDate !== 'string') return true;
  const when = parseDateTime(assignment.ExpirationDate);
  return when === undefined || when.getTime() > now.getTime();
}

/**
 * The user's effective access: profile, direct sets and groups (members minus the group's own mute), united.
 * `systemOnly` skips the object and field rows (the write rules ask for Permissions* fields only, on every write).
 */
export function effectiveAccessOf(store: RecordStore, userId: string, now: Date, systemOnly = false): EffectiveAccess {
  const result = empty();
  const user = store.get(userId);
  if (!user || user.IsActive === false) return result;
  const heldPsls = new Set(store.findBy('PermissionSetLicenseAssign', 'AssigneeId', user.Id).map((r) => String(r.PermissionSetLicenseId).slice(0, 15)));
  for (const assignment of store.findBy('PermissionSetAssignment', 'AssigneeId', user.Id)) {
    if (!notExpired(assignment, now)) continue;
    const groupId = typeof assignment.PermissionSetGroupId === 'string' ? assignment.PermissionSetGroupId : undefined;
    if (groupId) {
      const group = store.get(groupId);
      if (group && group.Status === 'Updated' && group.HasActivationRequired !== true) merge(result, groupContribution(store, user, group, heldPsls, systemOnly));
      continue;
    }
    const set = store.get(String(assignment.PermissionSetId));
    if (!set) continue;
    if (set.HasActivationRequired === true || !licensed(store, user, set, heldPsls)) continue;
    merge(result, rowsOf(store, set, systemOnly));
  }
  return result;
}
