import { type OrgGateway, soqlInList, soqlString } from '../../gateway/index.js';
import { type UserLicenseFacts } from '../../planning/psl/types.js';
import { type RemovedAssignment } from '../../planning/removal/types.js';

/**
 * The seat analysis of `psl report` and `psl reclaim` (one source of truth: both ask the org the same questions
 * here). Each query is an aggregate, a semi-/anti-join or a read of setup metadata, so the
 * number of requests depends on the number of licenses, never on the number of users: the org does the counting.
 */

export type LicenseRecord = {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  Status: string;
  TotalLicenses: number;
  UsedLicenses: number;
  ExpirationDate: string | null;
};
type ConsumerRow = { Id: string; Name: string; NamespacePrefix: string | null; LicenseId: string };
type ComponentRow = { PermissionSetGroupId: string; PermissionSetId: string; PermissionSetGroup: { DeveloperName: string; NamespacePrefix: string | null } | null };
type HolderCountRow = { PermissionSetLicenseId: string; IsActive: boolean; holders: number };
type HolderRow = { Id: string; AssigneeId: string; Assignee: { Username: string } | null };
type AssignmentRow = { Id: string; AssigneeId: string; Assignee: { Username: string } | null; PermissionSetId: string; PermissionSetGroupId: string | null; ExpirationDate: string | null };

/** What decides whether a holder of a license needs it: the permission sets with that LicenseId and the groups holding them. */
export type Consumers = { setIds: string[]; setNames: string[]; groupIds: string[]; groupNames: string[] };
export type HolderCounts = { active: number; inactive: number };
/** A holder of a license seat; `seatId` is the PermissionSetLicenseAssign row (what `psl reclaim` deletes). */
export type Holder = { userId: string; username: string; seatId: string };

const qualified = (namespace: string | null, name: string): string => (namespace ? `${namespace}__${name}` : name);

/** Every permission set license of the org (one request: orgs have tens of them, not thousands). */
export function readLicenses(gateway: OrgGateway): Promise<LicenseRecord[]> {
  return gateway.query<LicenseRecord>(
    'SELECT Id, DeveloperName, MasterLabel, Status, TotalLicenses, UsedLicenses, ExpirationDate FROM PermissionSetLicense ORDER BY DeveloperName'
  );
}

export async function readUserLicenses(gateway: OrgGateway): Promise<UserLicenseFacts[]> {
  const rows = await gateway.query<{ Id: string; Name: string; MasterLabel: string; Status: string; TotalLicenses: number; UsedLicenses: number }>(
    'SELECT Id, Name, MasterLabel, Status, TotalLicenses, UsedLicenses FROM UserLicense ORDER BY Name'
  );
  return rows.map((r) => ({ id: r.Id, name: r.Name, masterLabel: r.MasterLabel, status: r.Status, totalLicenses: r.TotalLicenses, usedLicenses: r.UsedLicenses }));
}

/**
 * The permission sets that consume each license (LicenseId) and the groups that include them (a semi-join on the
 * components, so the group side needs no list of permission set Ids): two requests, keyed by license Id.
 */
export async function readConsumers(gateway: OrgGateway, licenseIds: readonly string[]): Promise<Map<string, Consumers>> {
  const [sets, components] = await Promise.all([
    gateway.queryIn<ConsumerRow>('SELECT Id, Name, NamespacePrefix, LicenseId FROM PermissionSet WHERE LicenseId IN {IN}', licenseIds),
    gateway.queryIn<ComponentRow>(
      'SELECT PermissionSetGroupId, PermissionSetGroup.DeveloperName, PermissionSetGroup.NamespacePrefix, PermissionSetId FROM PermissionSetGroupComponent WHERE PermissionSetId IN (SELECT Id FROM PermissionSet WHERE LicenseId IN {IN})',
      licenseIds
    ),
  ]);
  const consumers = new Map<string, Consumers>(licenseIds.map((id) => [id, { setIds: [], setNames: [], groupIds: [], groupNames: [] }]));
  const licenseOfSet = new Map<string, string>();
  for (const set of sets) {
    licenseOfSet.set(set.Id, set.LicenseId);
    const entry = consumers.get(set.LicenseId);
    entry?.setIds.push(set.Id);
    entry?.setNames.push(qualified(set.NamespacePrefix, set.Name));
  }
  for (const component of components) {
    const entry = consumers.get(licenseOfSet.get(component.PermissionSetId) ?? '');
    if (!entry || entry.groupIds.includes(component.PermissionSetGroupId)) continue;
    entry.groupIds.push(component.PermissionSetGroupId);
    entry.groupNames.push(qualified(component.PermissionSetGroup?.NamespacePrefix ?? null, component.PermissionSetGroup?.DeveloperName ?? component.PermissionSetGroupId));
  }
  return consumers;
}

/** Active and inactive holders of every license, in one COUNT … GROUP BY request. */
export async function readHolderCounts(gateway: OrgGateway, licenseIds: readonly string[]): Promise<Map<string, HolderCounts>> {
  const rows = await gateway.queryIn<HolderCountRow>(
    'SELECT PermissionSetLicenseId, Assignee.IsActive, COUNT(Id) holders FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId IN {IN} GROUP BY PermissionSetLicenseId, Assignee.IsActive',
    licenseIds
  );
  const counts = new Map<string, HolderCounts>(licenseIds.map((id) => [id, { active: 0, inactive: 0 }]));
  for (const row of rows) {
    const entry = counts.get(row.PermissionSetLicenseId);
    if (!entry) continue;
    if (row.IsActive) entry.active += row.holders;
    else entry.inactive += row.holders;
  }
  return counts;
}

/**
 * WHERE clause of the active holders of `licenseId` whom nothing needs it: no direct assignment to a permission
 * set with that LicenseId, and no assignment to a group including one (two anti-joins; a group assignment's own
 * PermissionSetId is the group's aggregate set, so groups are matched on PermissionSetGroupId).
 */
export function unusedHoldersWhere(licenseId: string, consumers: Consumers): string {
  const parts = [`PermissionSetLicenseId = ${soqlString(licenseId)}`, 'Assignee.IsActive = true'];
  if (consumers.setIds.length > 0) {
    parts.push(`AssigneeId NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN ${soqlInList(consumers.setIds)})`);
  }
  if (consumers.groupIds.length > 0) {
    parts.push(`AssigneeId NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetGroupId IN ${soqlInList(consumers.groupIds)})`);
  }
  return parts.join(' AND ');
}

/** How many active holders of the license nothing needs: one COUNT() request. */
export function countUnusedHolders(gateway: OrgGateway, licenseId: string, consumers: Consumers): Promise<number> {
  return gateway.count(`SELECT COUNT() FROM PermissionSetLicenseAssign WHERE ${unusedHoldersWhere(licenseId, consumers)}`);
}

/** The unused holders themselves (--details), paged to the end. */
export async function listUnusedHolders(gateway: OrgGateway, licenseId: string, consumers: Consumers): Promise<Holder[]> {
  return toHolders(await gateway.query<HolderRow>(`SELECT Id, AssigneeId, Assignee.Username FROM PermissionSetLicenseAssign WHERE ${unusedHoldersWhere(licenseId, consumers)}`));
}

/** WHERE clause of the seats of `licenseId` held by inactive users. */
function inactiveHoldersWhere(licenseId: string): string {
  return `PermissionSetLicenseId = ${soqlString(licenseId)} AND Assignee.IsActive = false`;
}

/** The inactive holders of the license (--details, reclaim --inactive), paged to the end. */
export async function listInactiveHolders(gateway: OrgGateway, licenseId: string): Promise<Holder[]> {
  return toHolders(
    await gateway.query<HolderRow>(
      `SELECT Id, AssigneeId, Assignee.Username FROM PermissionSetLicenseAssign WHERE ${inactiveHoldersWhere(licenseId)}`
    )
  );
}

/**
 * The assignments of the license's inactive holders that keep them needing it: direct assignments to a permission
 * set with that LicenseId, and assignments of a group including one (matched on PermissionSetGroupId: a group
 * assignment's PermissionSetId is the aggregate set). A semi-join on the license's seats and the inactive filter
 * keep every other user out, so the rows read follow the affected users only; one query per kind, paged.
 */
export async function listInactiveHolderAssignments(gateway: OrgGateway, licenseId: string, consumers: Consumers): Promise<RemovedAssignment[]> {
  const base =
    'SELECT Id, AssigneeId, Assignee.Username, PermissionSetId, PermissionSetGroupId, ExpirationDate FROM PermissionSetAssignment ' +
    `WHERE Assignee.IsActive = false AND AssigneeId IN (SELECT AssigneeId FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = ${soqlString(licenseId)})`;
  const [direct, grouped] = await Promise.all([
    // A group assignment is never taken for a direct one, even if its aggregate set carried the LicenseId.
    gateway.queryIn<AssignmentRow>(`${base} AND PermissionSetGroupId = null AND PermissionSetId IN {IN}`, consumers.setIds),
    gateway.queryIn<AssignmentRow>(`${base} AND PermissionSetGroupId IN {IN}`, consumers.groupIds),
  ]);
  const setNames = new Map(consumers.setIds.map((id, i) => [id, consumers.setNames[i]]));
  const groupNames = new Map(consumers.groupIds.map((id, i) => [id, consumers.groupNames[i]]));
  const removed = (row: AssignmentRow, kind: RemovedAssignment['kind'], targetId: string, name: string | undefined): RemovedAssignment => ({
    id: row.Id,
    assigneeId: row.AssigneeId,
    username: row.Assignee?.Username ?? row.AssigneeId,
    kind,
    targetId,
    targetName: name ?? targetId,
    expirationDate: row.ExpirationDate ?? null,
  });
  return [
    ...direct.map((r) => removed(r, 'permissionSet', r.PermissionSetId, setNames.get(r.PermissionSetId))),
    ...grouped.map((r) => removed(r, 'permissionSetGroup', r.PermissionSetGroupId ?? '', groupNames.get(r.PermissionSetGroupId ?? ''))),
  ];
}

function toHolders(rows: HolderRow[]): Holder[] {
  return rows.map((r) => ({ userId: r.AssigneeId, username: r.Assignee?.Username ?? r.AssigneeId, seatId: r.Id })).sort((a, b) => a.username.localeCompare(b.username));
}
