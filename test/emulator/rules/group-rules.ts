import { violation } from './catalogue.js';
import { id15, recordOf } from './context.js';
import { aggregateSetOf, nameTaken } from './lookups.js';
import { type ObjectRules } from './object-rules.js';

const MAX_SETS_PER_GROUP = 100;

/**
 * PermissionSetGroup: created with its aggregate permission set (Type 'Group', Name = DeveloperName) and deleted
 * with it; any edit starts a recalculation; an assigned group cannot be deleted.
 */
export const groupRules: ObjectRules = {
  defaults(_ctx, fields) {
    fields.Status = 'Updated';
  },
  beforeCreate(ctx, fields) {
    const taken = nameTaken(ctx, 'PermissionSetGroup', 'DeveloperName', fields);
    if (taken) throw violation('uniqueName', `duplicate value found: DeveloperName duplicates value on record with id: ${id15(taken.Id)}`, ['DeveloperName']);
  },
  afterCreate(ctx, group) {
    ctx.store.insert('PermissionSet', {
      Name: group.DeveloperName,
      Label: group.MasterLabel,
      Type: 'Group',
      IsOwnedByProfile: false,
      IsCustom: false,
      ProfileId: null,
      PermissionSetGroupId: group.Id,
      NamespacePrefix: group.NamespacePrefix ?? null,
    });
    if (!ctx.seeding) ctx.groups.changed(group.Id);
  },
  afterUpdate(ctx, group, before) {
    if (group.Status === before.Status) ctx.groups.changed(group.Id);
  },
  beforeDelete(ctx, group) {
    const assigned = ctx.store.findBy('PermissionSetAssignment', 'PermissionSetGroupId', group.Id).length;
    if (assigned > 0 && !ctx.seeding) {
      throw violation('deleteAssignedGroup', `This permission set group is assigned to ${assigned} user(s) and can't be deleted. Remove the assignments first.`);
    }
  },
  afterDelete(ctx, group) {
    for (const component of ctx.store.findBy('PermissionSetGroupComponent', 'PermissionSetGroupId', group.Id)) ctx.store.delete(component.Id);
    const aggregate = aggregateSetOf(ctx, group.Id);
    if (aggregate) ctx.store.delete(aggregate.Id);
    ctx.groups.forget(group.Id);
  },
};

/**
 * PermissionSetGroupComponent: a custom permission set or a muting permission set in a group (create, delete and
 * query only); at most 100 sets and one muting set per group; each change starts the group's recalculation.
 */
export const componentRules: ObjectRules = {
  beforeCreate(ctx, fields) {
    const groupId = String(fields.PermissionSetGroupId);
    const memberId = String(fields.PermissionSetId);
    const set = recordOf(ctx, memberId, 'PermissionSet');
    const muting = recordOf(ctx, memberId, 'MutingPermissionSet');
    if (set && (set.Type === 'Group' || set.Type === 'Profile' || set.IsOwnedByProfile === true)) {
      throw violation('groupComponentTarget', `A permission set group can't include a ${set.Type === 'Group' ? 'permission set group' : 'profile'} permission set: ${id15(memberId)}`, ['PermissionSetId']);
    }
    const components = ctx.store.findBy('PermissionSetGroupComponent', 'PermissionSetGroupId', groupId);
    if (components.some((c) => c.PermissionSetId === memberId)) {
      throw violation('duplicateComponent', `duplicate value found: PermissionSetId duplicates value on record with id: ${id15(memberId)}`, ['PermissionSetId']);
    }
    const mutingCount = components.filter((c) => ctx.store.typeOfId(String(c.PermissionSetId)) === 'MutingPermissionSet').length;
    if (muting && mutingCount >= 1) {
      throw violation('groupComponentLimit', 'A permission set group can include only one muting permission set.', ['PermissionSetId']);
    }
    if (set && components.length - mutingCount >= MAX_SETS_PER_GROUP) {
      throw violation('groupComponentLimit', `A permission set group can include up to ${MAX_SETS_PER_GROUP} permission sets.`, ['PermissionSetId']);
    }
  },
  afterCreate(ctx, component) {
    if (!ctx.seeding) ctx.groups.changed(String(component.PermissionSetGroupId));
  },
  afterDelete(ctx, component) {
    const groupId = String(component.PermissionSetGroupId);
    if (ctx.store.get(groupId) && !ctx.seeding) ctx.groups.detached(groupId, String(component.PermissionSetId));
  },
};
