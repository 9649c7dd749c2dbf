import { type StoredRecord } from '../store/types.js';
import { violation } from './catalogue.js';
import { id15, type RuleContext } from './context.js';
import { groupsContaining, nameTaken } from './lookups.js';
import { type ObjectRules } from './object-rules.js';
import { administratorDefaults } from './running-user-rules.js';

/** Every group holding this set recalculates when the set's permissions change. */
export function recalcGroupsOf(ctx: RuleContext, permissionSetId: string): void {
  for (const groupId of new Set(groupsContaining(ctx, permissionSetId))) ctx.groups.changed(groupId);
}

function refuseTakenName(ctx: RuleContext, type: string, field: string, fields: Record<string, unknown>, exceptId?: string): void {
  const taken = nameTaken(ctx, type, field, fields, exceptId);
  if (taken) throw violation('uniqueName', `duplicate value found: ${field} duplicates value on record with id: ${id15(taken.Id)}`, [field]);
}

/**
 * PermissionSet: unique Name per namespace; Type, IsOwnedByProfile and PermissionSetGroupId are Salesforce's to set
 * (profile and group sets are created with their profile or group); a set is deleted only when nothing holds it.
 */
export const permissionSetRules: ObjectRules = {
  defaults(ctx, fields) {
    if (!ctx.seeding || fields.Type === undefined) {
      fields.Type = 'Regular';
      fields.IsOwnedByProfile = false;
      fields.IsCustom = true;
      fields.ProfileId = null;
      fields.PermissionSetGroupId = null;
    }
  },
  beforeCreate(ctx, fields) {
    refuseTakenName(ctx, 'PermissionSet', 'Name', fields);
  },
  beforeUpdate(ctx, existing, fields) {
    if ('Name' in fields) refuseTakenName(ctx, 'PermissionSet', 'Name', { ...existing, ...fields }, existing.Id);
  },
  afterUpdate(ctx, record) {
    recalcGroupsOf(ctx, record.Id);
  },
  beforeDelete(ctx, record) {
    if (ctx.seeding) return;
    if (record.IsOwnedByProfile === true || record.Type === 'Group' || record.Type === 'Profile') {
      throw violation('deleteOwnedPermissionSet', `Cannot delete a permission set owned by a ${record.Type === 'Group' ? 'permission set group' : 'profile'}: ${id15(record.Id)}`);
    }
    const assigned = ctx.store.findBy('PermissionSetAssignment', 'PermissionSetId', record.Id).length;
    if (assigned > 0) {
      throw violation('deleteAssignedPermissionSet', `This permission set is assigned to ${assigned} user(s) and can't be deleted. Remove the assignments first.`);
    }
    refuseWhileInGroup(ctx, record);
  },
  afterDelete(ctx, record) {
    deletePermissionRows(ctx, record.Id);
  },
};

export const mutingPermissionSetRules: ObjectRules = {
  beforeCreate(ctx, fields) {
    refuseTakenName(ctx, 'MutingPermissionSet', 'DeveloperName', fields);
  },
  afterUpdate(ctx, record) {
    recalcGroupsOf(ctx, record.Id);
  },
  beforeDelete(ctx, record) {
    if (!ctx.seeding) refuseWhileInGroup(ctx, record);
  },
};

/** The profile's Permissions* values, which its own permission set carries (`profileSetPermissions`). */
const permissionsOf = (record: StoredRecord): Record<string, unknown> => Object.fromEntries(Object.entries(record).filter(([name]) => name.startsWith('Permissions')));

/** Profile: Salesforce creates the profile's own permission set with it, carrying the profile's system permissions. */
export const profileRules: ObjectRules = {
  defaults(_ctx, fields) {
    administratorDefaults(fields);
  },
  afterCreate(ctx, profile) {
    ctx.store.insert('PermissionSet', {
      Name: `X${profile.Id.slice(0, 15)}`,
      Label: `${String(profile.Name)} profile permission set`,
      Type: 'Profile',
      IsOwnedByProfile: true,
      IsCustom: false,
      ProfileId: profile.Id,
      PermissionSetGroupId: null,
      LicenseId: profile.UserLicenseId ?? null,
      ...permissionsOf(profile),
    });
  },
  afterUpdate(ctx, profile) {
    for (const set of ctx.store.findBy('PermissionSet', 'ProfileId', profile.Id)) ctx.store.update(set.Id, permissionsOf(profile));
  },
};

/** ObjectPermissions, FieldPermissions, SetupEntityAccess: a change to a member set's content outdates its groups. */
/** The field that tells two permission rows of one set apart: Salesforce keeps one row per value. */
const ROW_KEY: Record<string, string> = { ObjectPermissions: 'SobjectType', FieldPermissions: 'Field', SetupEntityAccess: 'SetupEntityId' };

/** The key fields are create-only (not updateable), so a row can only collide when it is created. */
function refuseDuplicateRow(ctx: RuleContext, type: string, fields: Record<string, unknown>): void {
  const key = ROW_KEY[type];
  const value = fields[key];
  if (typeof value !== 'string') return;
  const same = ctx.store
    .findBy(type, 'ParentId', String(fields.ParentId))
    .find((row) => typeof row[key] === 'string' && row[key].toLowerCase() === value.toLowerCase());
  if (same) throw violation('duplicatePermissionRow', `duplicate value found: <unknown> duplicates value on record with id: ${id15(same.Id)}`);
}

export const permissionRowRules = (type: 'ObjectPermissions' | 'FieldPermissions' | 'SetupEntityAccess'): ObjectRules => ({
  beforeCreate(ctx, fields) {
    if (type !== 'SetupEntityAccess') refuseUnknownTarget(ctx, type, fields);
    refuseDuplicateRow(ctx, type, fields);
    if (type !== 'SetupEntityAccess') refuseBrokenDependency(type, fields);
  },
  beforeUpdate(_ctx, existing, fields) {
    if (type !== 'SetupEntityAccess') refuseBrokenDependency(type, { ...existing, ...fields });
  },
  afterCreate(ctx, record) {
    if (!ctx.seeding) recalcGroupsOf(ctx, String(record.ParentId));
  },
  afterUpdate(ctx, record) {
    recalcGroupsOf(ctx, String(record.ParentId));
  },
  afterDelete(ctx, record) {
    if (ctx.store.get(String(record.ParentId))) recalcGroupsOf(ctx, String(record.ParentId));
  },
});

/** SobjectType and Field are restricted picklists: an object of the org, a field of it that takes field permissions. */
function refuseUnknownTarget(ctx: RuleContext, type: 'ObjectPermissions' | 'FieldPermissions', fields: Record<string, unknown>): void {
  const object = Object.values(ctx.store.schema).find((d) => d.dataObject === true && d.name.toLowerCase() === String(fields.SobjectType).toLowerCase());
  if (!object) throw violation('permissionRowTarget', `bad value for restricted picklist field: ${String(fields.SobjectType)}`, ['SobjectType']);
  fields.SobjectType = object.name;
  if (type !== 'FieldPermissions') return;
  const [prefix, name] = String(fields.Field).split('.');
  const field = prefix?.toLowerCase() === object.name.toLowerCase() ? Object.values(object.fields).find((f) => f.name.toLowerCase() === name?.toLowerCase()) : undefined;
  if (!field?.permissionable) throw violation('permissionRowTarget', `bad value for restricted picklist field: ${String(fields.Field)}`, ['Field']);
  fields.Field = `${object.name}.${field.name}`;
}

/** Object Reference: Create, Edit, View All need Read; Delete needs Read and Edit; Modify All needs all four; field Edit needs Read. */
const REQUIRES: Record<string, string[]> = {
  PermissionsCreate: ['PermissionsRead'],
  PermissionsEdit: ['PermissionsRead'],
  PermissionsViewAllRecords: ['PermissionsRead'],
  PermissionsDelete: ['PermissionsRead', 'PermissionsEdit'],
  PermissionsModifyAllRecords: ['PermissionsRead', 'PermissionsEdit', 'PermissionsDelete', 'PermissionsViewAllRecords'],
};

/** On a permission set's rows (not a mute's, where true means muted) a permission cannot stand without what it requires. */
function refuseBrokenDependency(type: 'ObjectPermissions' | 'FieldPermissions', row: Record<string, unknown>): void {
  if (String(row.ParentId).startsWith('0QM')) return;
  const columns = type === 'FieldPermissions' ? ['PermissionsEdit'] : Object.keys(REQUIRES);
  for (const column of columns) {
    const missing = row[column] === true ? REQUIRES[column].filter((r) => row[r] !== true) : [];
    if (missing.length > 0) {
      const names = missing.map((m) => m.replace(/^Permissions/, '')).join(', ');
      throw violation('permissionDependency', `Permission ${column.replace(/^Permissions/, '')} depends on permission(s): ${names}`, [column]);
    }
  }
}

function refuseWhileInGroup(ctx: RuleContext, record: StoredRecord): void {
  const recalculating = ctx.groups.groupsReleasing(record.Id);
  if (recalculating.length > 0) {
    const names = recalculating.map((id) => String(ctx.store.get(id)?.DeveloperName ?? id)).join(', ');
    throw violation(
      'deleteWhileRecalculating',
      `This permission set is still referenced by permission set groups that are recalculating (${names}). Try again when their status is Updated.`
    );
  }
  const groups = groupsContaining(ctx, record.Id);
  if (groups.length > 0) {
    const names = groups.map((id) => String(ctx.store.get(id)?.DeveloperName ?? id)).join(', ');
    throw violation('deletePermissionSetInGroup', `This permission set is included in permission set groups (${names}) and can't be deleted. Remove it from the groups first.`);
  }
}

function deletePermissionRows(ctx: RuleContext, parentId: string): void {
  for (const type of ['ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess']) {
    if (!(type in ctx.store.schema)) continue;
    for (const row of ctx.store.findBy(type, 'ParentId', parentId)) ctx.store.delete(row.Id);
  }
}
