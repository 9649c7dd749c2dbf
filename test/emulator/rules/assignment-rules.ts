import { parseDateTime } from '../org/clock.js';
import { type StoredRecord } from '../store/types.js';
import { violation } from './catalogue.js';
import { type Fields, id15, recordOf, type RuleContext } from './context.js';
import { aggregateSetOf, grantsAdminPermission, adjustUsed, holdsPsl, memberSetsOf, userLicenseOf } from './lookups.js';
import { type ObjectRules } from './object-rules.js';

/**
 * PermissionSetAssignment: what Salesforce checks when a permission set or a group is assigned, and the PSL it
 * assigns on the user's behalf. A group assignment row carries the group's Id and its aggregate set's Id; naming
 * only the aggregate set assigns the group too.
 */
export const assignmentRules: ObjectRules = {
  defaults(ctx, fields) {
    resolveTarget(ctx, fields);
    fields.IsActive = true;
    fields.IsRevoked = false;
  },

  beforeCreate(ctx, fields) {
    const assignee = recordOf(ctx, fields.AssigneeId, 'User');
    const set = recordOf(ctx, fields.PermissionSetId, 'PermissionSet');
    if (!assignee || !set) return; // the field checks already refused a missing reference
    if (set.IsOwnedByProfile === true && !ctx.seeding) {
      throw violation('profileOwnedAssignment', "You can't assign or unassign a permission set that is owned by a profile.", ['PermissionSetId']);
    }
    if (assignee.IsActive !== true && !ctx.seeding) {
      throw violation('inactiveAssignee', `Cannot assign permission sets to an inactive user: ${id15(assignee.Id)}`, ['AssigneeId']);
    }
    refuseDuplicate(ctx, assignee.Id, set.Id);
    checkExpiration(ctx, fields, set);
    const groupId = typeof fields.PermissionSetGroupId === 'string' ? fields.PermissionSetGroupId : undefined;
    if (groupId) checkGroup(ctx, assignee, groupId);
    else checkLicense(ctx, assignee, set);
  },

  beforeUpdate(ctx, existing, fields) {
    if ('ExpirationDate' in fields) {
      const set = recordOf(ctx, existing.PermissionSetId, 'PermissionSet');
      if (set) checkExpiration(ctx, fields, set);
    }
  },

  beforeDelete(ctx, record) {
    const set = recordOf(ctx, record.PermissionSetId, 'PermissionSet');
    if (set?.IsOwnedByProfile === true && !ctx.seeding) {
      throw violation('profileOwnedAssignment', "You can't assign or unassign a permission set that is owned by a profile.", ['PermissionSetId']);
    }
  },
};

function resolveTarget(ctx: RuleContext, fields: Fields): void {
  const groupId = fields.PermissionSetGroupId;
  if (typeof groupId === 'string') {
    const aggregate = aggregateSetOf(ctx, groupId);
    if (fields.PermissionSetId && fields.PermissionSetId !== aggregate?.Id) {
      throw violation('badReference', 'invalid cross reference id: PermissionSetId does not belong to PermissionSetGroupId', ['PermissionSetId']);
    }
    if (aggregate) fields.PermissionSetId = aggregate.Id;
    return;
  }
  const set = recordOf(ctx, fields.PermissionSetId, 'PermissionSet');
  if (set?.Type === 'Group' && typeof set.PermissionSetGroupId === 'string') fields.PermissionSetGroupId = set.PermissionSetGroupId;
}

function refuseDuplicate(ctx: RuleContext, assigneeId: string, setId: string): void {
  const held = ctx.store.findBy('PermissionSetAssignment', 'AssigneeId', assigneeId).some((a) => a.PermissionSetId === setId);
  if (held) {
    throw violation('duplicateAssignment', `Duplicate PermissionSetAssignment. Assignee: ${id15(assigneeId)}; Permission Set: ${id15(setId)}`);
  }
}

function checkExpiration(ctx: RuleContext, fields: Fields, set: StoredRecord): void {
  if (typeof fields.ExpirationDate !== 'string' || ctx.seeding) return;
  const when = parseDateTime(fields.ExpirationDate);
  if (when && when.getTime() <= ctx.clock.now().getTime()) {
    throw violation('expirationInPast', 'The expiration date must be in the future.', ['ExpirationDate']);
  }
  const grantors = typeof set.PermissionSetGroupId === 'string' ? memberSetsOf(ctx, set.PermissionSetGroupId) : [set];
  if (grantors.some(grantsAdminPermission)) {
    throw violation(
      'expirationNotAllowed',
      "You can't set an expiration date on a permission set or group that grants Assign Permission Sets, Manage Profiles and Permission Sets, or Manage Users.",
      ['ExpirationDate']
    );
  }
}

function checkGroup(ctx: RuleContext, assignee: StoredRecord, groupId: string): void {
  const group = ctx.store.get(groupId);
  if (group && group.Status !== 'Updated' && !ctx.seeding) {
    throw violation('groupNotUpdated', 'You can only assign users to permission set groups that have the "Updated" status.', ['PermissionSetGroupId']);
  }
  for (const member of memberSetsOf(ctx, groupId)) {
    const licenseId = typeof member.LicenseId === 'string' ? member.LicenseId : undefined;
    if (!licenseId) continue;
    if (ctx.store.typeOfId(licenseId) === 'PermissionSetLicense') {
      if (!holdsPsl(ctx, assignee.Id, licenseId)) {
        const psl = ctx.store.get(licenseId);
        throw violation(
          'groupNeedsPsl',
          `The user must be assigned the permission set license ${String(psl?.MasterLabel ?? licenseId)} before the permission set group ${String(group?.MasterLabel ?? groupId)} can be assigned.`,
          ['AssigneeId']
        );
      }
    } else if (licenseId !== userLicenseOf(ctx, assignee)) {
      throw violation('userLicenseMismatch', `The user license doesn't allow the permission: ${String(member.Label)}`, ['AssigneeId']);
    }
  }
}

function checkLicense(ctx: RuleContext, assignee: StoredRecord, set: StoredRecord): void {
  const licenseId = typeof set.LicenseId === 'string' ? set.LicenseId : undefined;
  if (!licenseId) return;
  if (ctx.store.typeOfId(licenseId) !== 'PermissionSetLicense') {
    if (licenseId !== userLicenseOf(ctx, assignee)) {
      throw violation('userLicenseMismatch', `The user license doesn't allow the permission: ${String(set.Label)}`, ['AssigneeId']);
    }
    return;
  }
  if (holdsPsl(ctx, assignee.Id, licenseId)) return;
  const psl = ctx.store.get(licenseId);
  const used = Number(psl?.UsedLicenses ?? 0);
  const total = Number(psl?.TotalLicenses ?? 0);
  if (psl?.Status !== 'Active' || used >= total) {
    throw violation('pslSeatsExhausted', `License Limit Exceeded: no ${String(psl?.MasterLabel ?? licenseId)} permission set license is available.`, ['PermissionSetId']);
  }
  // Salesforce assigns the permission set license along with the permission set.
  ctx.store.insert('PermissionSetLicenseAssign', { AssigneeId: assignee.Id, PermissionSetLicenseId: licenseId });
  adjustUsed(ctx, licenseId, 1);
}
