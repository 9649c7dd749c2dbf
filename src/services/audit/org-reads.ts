import { type OrgGateway, soqlInList, soqlString } from '../../gateway/index.js';
import { type GroupRow, type MuteRow, readWithPermissions, type SetRow, type UserRow } from '../explain/explain-reads.js';

/**
 * The org audit's own queries. Components (groups, sets, mutes) are read whole; everything about assignments is an
 * aggregate (COUNT … GROUP BY) or a COUNT() with semi-joins, so the number of requests follows the number of sets
 * and groups, never the number of users — except mute-ineffective, which reads the users of groups that have a
 * mute (and only those).
 */

export type AuditGroupRow = GroupRow & { MasterLabel: string; Description: string | null; LastModifiedDate: string };
export type AuditSetRow = SetRow & { Label: string; Description: string | null };
export type AuditMuteRow = MuteRow & { MasterLabel: string; Description: string | null };
type CountRow = { PermissionSetId: string; PermissionSetGroupId: string | null; IsActive?: boolean; n: number };

export function readAuditGroups(gateway: OrgGateway): Promise<AuditGroupRow[]> {
  return gateway.query<AuditGroupRow>(
    'SELECT Id, DeveloperName, NamespacePrefix, MasterLabel, Description, Status, HasActivationRequired, LastModifiedDate, (SELECT PermissionSetId FROM PermissionSetGroupComponents) FROM PermissionSetGroup ORDER BY DeveloperName'
  );
}

/** Every assignable set (not a profile's, not a group's aggregate), with its Permissions* fields. */
export function readAuditSets(gateway: OrgGateway, permissionFields: readonly string[]): Promise<AuditSetRow[]> {
  const base = 'Id, Name, Label, Description, NamespacePrefix, HasActivationRequired, LicenseId, IsOwnedByProfile, PermissionSetGroupId';
  return readWithPermissions<AuditSetRow>(gateway, { base, object: 'PermissionSet', orWhere: 'IsOwnedByProfile = false AND PermissionSetGroupId = null' }, permissionFields, []);
}

export function readAuditMutes(gateway: OrgGateway, permissionFields: readonly string[]): Promise<AuditMuteRow[]> {
  return readWithPermissions<AuditMuteRow>(gateway, { base: 'Id, DeveloperName, NamespacePrefix, MasterLabel, Description', object: 'MutingPermissionSet', orWhere: 'Id != null' }, permissionFields, []);
}

export type AssignmentCounts = {
  /** By 18-character Id of the set (direct assignments) or of the group. */
  active: Map<string, number>;
  inactive: Map<string, number>;
  expiringSoon: Map<string, number>;
};

/** A group assignment counts on its group (its PermissionSetId is the group's aggregate set), a direct one on its set. */
const holderOf = (row: CountRow): string => row.PermissionSetGroupId ?? row.PermissionSetId;

function add(map: Map<string, number>, id: string, n: number): void {
  map.set(id, (map.get(id) ?? 0) + n);
}

/** SOQL datetime literal (no milliseconds). */
const soqlDateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/u, 'Z');

/**
 * Holders per set and group, active and inactive, and the active ones whose assignment expires within `days`: two
 * COUNT … GROUP BY requests (profile sets left out: every user holds one).
 */
export async function readAssignmentCounts(gateway: OrgGateway, now: Date, days: number): Promise<AssignmentCounts> {
  const until = new Date(now.getTime() + days * 86_400_000);
  const [byActivity, expiring] = await Promise.all([
    gateway.query<CountRow>(
      'SELECT PermissionSetId, PermissionSetGroupId, Assignee.IsActive, COUNT(Id) n FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false GROUP BY PermissionSetId, PermissionSetGroupId, Assignee.IsActive'
    ),
    gateway.query<CountRow>(
      `SELECT PermissionSetId, PermissionSetGroupId, COUNT(Id) n FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false AND Assignee.IsActive = true AND ExpirationDate > ${soqlDateTime(now)} AND ExpirationDate <= ${soqlDateTime(until)} GROUP BY PermissionSetId, PermissionSetGroupId`
    ),
  ]);
  const counts: AssignmentCounts = { active: new Map(), inactive: new Map(), expiringSoon: new Map() };
  for (const row of byActivity) add(row.IsActive ? counts.active : counts.inactive, holderOf(row), row.n);
  for (const row of expiring) add(counts.expiringSoon, holderOf(row), row.n);
  return counts;
}

/**
 * Users holding group `groupId` who also hold one of `memberIds` directly: one COUNT() with two semi-joins (User is
 * the outer object, so no subquery reads the object of the main query), one request per assigned group.
 */
export function countRedundant(gateway: OrgGateway, groupId: string, memberIds: readonly string[]): Promise<number> {
  return gateway.count(
    `SELECT COUNT() FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetGroupId = ${soqlString(groupId)}) AND Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetGroupId = null AND PermissionSetId IN ${soqlInList(memberIds)})`
  );
}

export type AuditUserRow = UserRow & { PermissionSetAssignments: { records: Array<{ PermissionSetId: string | null; PermissionSetGroupId: string | null; ExpirationDate: string | null }> } | null };

/** The active users of these groups with every assignment and license they hold (mute-ineffective only). */
export function readUsersOfGroups(gateway: OrgGateway, groupIds: readonly string[]): Promise<AuditUserRow[]> {
  return gateway.queryIn<AuditUserRow>(
    'SELECT Id, Username, IsActive, Profile.Name, Profile.UserLicenseId, (SELECT PermissionSetLicenseId FROM PermissionSetLicenseAssignments), (SELECT PermissionSetId, PermissionSetGroupId, ExpirationDate FROM PermissionSetAssignments) FROM User WHERE IsActive = true AND Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetGroupId IN {IN}) ORDER BY Username',
    groupIds
  );
}
