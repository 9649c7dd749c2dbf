import { violation } from './catalogue.js';
import { id15, recordOf, type RuleContext } from './context.js';
import { adjustUsed, holdsPsl, memberSetsOf, userLicenseOf } from './lookups.js';
import { type ObjectRules } from './object-rules.js';

/**
 * PermissionSetLicenseAssign: one seat per (user, license); a seat must be free; a seat cannot be taken back while
 * one of the user's assigned permission sets needs the license, or an assigned group includes such a set. UsedLicenses counts every seat, inactive users'
 * included, and is derived here, never written by clients.
 */
export const licenseAssignmentRules: ObjectRules = {
  beforeCreate(ctx, fields) {
    const assignee = recordOf(ctx, fields.AssigneeId, 'User');
    const psl = recordOf(ctx, fields.PermissionSetLicenseId, 'PermissionSetLicense');
    if (!assignee || !psl) return;
    if (assignee.IsActive !== true && !ctx.seeding) {
      throw violation('inactiveAssignee', `Cannot assign permission set licenses to an inactive user: ${id15(assignee.Id)}`, ['AssigneeId']);
    }
    if (holdsPsl(ctx, assignee.Id, psl.Id)) {
      const held = ctx.store.findBy('PermissionSetLicenseAssign', 'AssigneeId', assignee.Id).find((a) => a.PermissionSetLicenseId === psl.Id);
      throw violation('pslDuplicate', `duplicate value found: <unknown> duplicates value on record with id: ${id15(held?.Id ?? '')}`);
    }
    if (!ctx.seeding && (psl.Status !== 'Active' || Number(psl.UsedLicenses ?? 0) >= Number(psl.TotalLicenses ?? 0))) {
      throw violation('pslSeatsExhausted', `License Limit Exceeded: no ${String(psl.MasterLabel)} permission set license is available.`, ['PermissionSetLicenseId']);
    }
  },
  afterCreate(ctx, record) {
    adjustUsed(ctx, String(record.PermissionSetLicenseId), 1);
  },
  beforeDelete(ctx, record) {
    if (ctx.seeding) return;
    const needing = assignmentNeedingLicense(ctx, String(record.AssigneeId), String(record.PermissionSetLicenseId));
    if (needing) throw violation('pslStillNeeded', needing, ['PermissionSetLicenseId']);
  },
  afterDelete(ctx, record) {
    adjustUsed(ctx, String(record.PermissionSetLicenseId), -1);
  },
};

/**
 * Why the user still needs the license, or undefined: a directly assigned set whose LicenseId is the license, or an
 * assigned group with such a member set. The group case is unverified (no Salesforce page says whether the seat of
 * a group's member goes): refusing it is the stricter reading, since a user would keep a group whose set they can
 * no longer use, and Salesforce requires the seat before it assigns such a group at all (rule groupNeedsPsl).
 */
function assignmentNeedingLicense(ctx: RuleContext, userId: string, licenseId: string): string | undefined {
  for (const assignment of ctx.store.findBy('PermissionSetAssignment', 'AssigneeId', userId)) {
    const set = ctx.store.get(String(assignment.PermissionSetId));
    if (set?.LicenseId === licenseId) {
      return `The permission set license can't be removed: the user is assigned permission set ${String(set.Name)}, which requires it.`;
    }
    const groupId = assignment.PermissionSetGroupId;
    const member = typeof groupId === 'string' ? memberSetsOf(ctx, groupId).find((m) => m.LicenseId === licenseId) : undefined;
    if (member) {
      const group = ctx.store.get(String(groupId));
      return `The permission set license can't be removed: the user is assigned permission set group ${String(group?.DeveloperName ?? groupId)}, whose permission set ${String(member.Name)} requires it.`;
    }
  }
  return undefined;
}

export const permissionSetLicenseRules: ObjectRules = {
  defaults(_ctx, fields) {
    fields.UsedLicenses = 0;
    fields.Status ??= 'Active';
  },
};

export const userLicenseRules: ObjectRules = {
  defaults(_ctx, fields) {
    fields.UsedLicenses = 0;
    fields.Status ??= 'Active';
  },
};

/**
 * User: every user holds an assignment to their profile's permission set (it follows the profile), and a user
 * license counts its active users.
 */
export const userRules: ObjectRules = {
  defaults(_ctx, fields) {
    fields.IsActive ??= true;
    fields.UserType ??= 'Standard';
  },
  afterCreate(ctx, user) {
    assignProfileSet(ctx, user.Id, String(user.ProfileId));
    if (user.IsActive === true) adjustUsed(ctx, userLicenseOf(ctx, user), 1);
  },
  afterUpdate(ctx, user, before) {
    if (before.ProfileId !== user.ProfileId) {
      for (const row of ctx.store.findBy('PermissionSetAssignment', 'AssigneeId', user.Id)) {
        if (ctx.store.get(String(row.PermissionSetId))?.IsOwnedByProfile === true) ctx.store.delete(row.Id);
      }
      assignProfileSet(ctx, user.Id, String(user.ProfileId));
    }
    if (before.IsActive !== user.IsActive || before.ProfileId !== user.ProfileId) {
      if (before.IsActive === true) adjustUsed(ctx, userLicenseOf(ctx, before), -1);
      if (user.IsActive === true) adjustUsed(ctx, userLicenseOf(ctx, user), 1);
    }
  },
};

function assignProfileSet(ctx: Parameters<NonNullable<ObjectRules['afterCreate']>>[0], userId: string, profileId: string): void {
  const profileSet = ctx.store.findBy('PermissionSet', 'ProfileId', profileId).find((ps) => ps.IsOwnedByProfile === true);
  if (profileSet) {
    ctx.store.insert('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: profileSet.Id, PermissionSetGroupId: null, IsActive: true, IsRevoked: false, ExpirationDate: null });
  }
}
