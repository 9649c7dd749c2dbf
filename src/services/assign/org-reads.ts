import { type OrgGateway, isSalesforceId, soqlInList } from '../../gateway/index.js';
import { NO_EXPIRY_PERMISSIONS, noExpiryGrant } from '../../planning/assignment/expiration.js';
import { splitQualifiedName, matchNames, qualifiedName } from '../../planning/assignment/names.js';
import {
  type Blocker,
  type ExistingAssignment,
  type GroupInfo,
  type GroupStatus,
  type NoExpiryGrant,
  type PermissionSetInfo,
  type PslInfo,
  type UserInfo,
} from '../../planning/assignment/types.js';

/** The queries `permset assign` needs, each written once, every value through the gateway's escaping. */

type PermissionSetRow = { Id: string; Name: string; NamespacePrefix: string | null; LicenseId: string | null; HasActivationRequired?: boolean } & Record<string, unknown>;
type GroupRow = { Id: string; DeveloperName: string; NamespacePrefix: string | null; Status: GroupStatus; HasActivationRequired?: boolean };
type ComponentRow = {
  PermissionSetGroupId: string;
  PermissionSetId: string;
  PermissionSet: ({ Name: string; NamespacePrefix: string | null; LicenseId: string | null } & Record<string, unknown>) | null;
};

/**
 * The permissions that forbid an expiration and HasActivationRequired ride along in the queries that read the sets
 * and groups anyway (the members' through the component query): no request of their own.
 */
const NO_EXPIRY_FIELDS = NO_EXPIRY_PERMISSIONS.join(', ');
const MEMBER_NO_EXPIRY_FIELDS = NO_EXPIRY_PERMISSIONS.map((p) => `PermissionSet.${p}`).join(', ');
type UserRow = { Id: string; Username: string; IsActive: boolean; Profile: { UserLicenseId: string | null } | null };
type AssignmentRow = {
  Id: string;
  AssigneeId: string;
  PermissionSetId: string;
  PermissionSetGroupId: string | null;
  ExpirationDate: string | null;
};
type PslRow = { Id: string; DeveloperName: string; MasterLabel: string; TotalLicenses: number; UsedLicenses: number };

const bareNames = (names: Iterable<string>): string[] => [...new Set([...names].map((n) => splitQualifiedName(n).name))];

const PERMISSION_SET_SELECT = `SELECT Id, Name, NamespacePrefix, LicenseId, HasActivationRequired, ${NO_EXPIRY_FIELDS} FROM PermissionSet WHERE IsOwnedByProfile = false AND PermissionSetGroupId = null`;

function permissionSetInfo(r: PermissionSetRow): PermissionSetInfo {
  const name = qualifiedName(r.NamespacePrefix, r.Name);
  const value: PermissionSetInfo = { id: r.Id, name, licenseId: r.LicenseId, sessionBased: r.HasActivationRequired === true };
  const grant = noExpiryGrant(r, name);
  return grant ? { ...value, noExpiry: grant } : value;
}

/** Permission sets by requested name (assignable ones only: not profile-owned, not a group's aggregate set). */
export async function readPermissionSets(gateway: OrgGateway, names: Iterable<string>): Promise<Map<string, PermissionSetInfo | Blocker>> {
  const requested = [...names];
  const rows = await gateway.queryIn<PermissionSetRow>(`${PERMISSION_SET_SELECT} AND Name IN {IN}`, bareNames(requested));
  return matchNames(
    requested,
    rows.map((r) => ({ name: r.Name, namespace: r.NamespacePrefix, value: permissionSetInfo(r) })),
    'UNKNOWN_PERMISSION_SET'
  );
}

/** Assignable permission sets by Id (`permset restore` finds a backed-up target by Id first), keyed by the org's Id. */
export async function readPermissionSetsById(gateway: OrgGateway, ids: readonly string[]): Promise<Map<string, PermissionSetInfo>> {
  const rows = await gateway.queryIn<PermissionSetRow>(`${PERMISSION_SET_SELECT} AND Id IN {IN}`, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.Id, permissionSetInfo(r)]));
}

const GROUP_SELECT = 'SELECT Id, DeveloperName, NamespacePrefix, Status, HasActivationRequired FROM PermissionSetGroup';

/** Groups by requested DeveloperName, with the licenses their member permission sets need. */
export async function readGroups(gateway: OrgGateway, names: Iterable<string>): Promise<Map<string, GroupInfo | Blocker>> {
  const requested = [...names];
  const rows = await gateway.queryIn<GroupRow>(`${GROUP_SELECT} WHERE DeveloperName IN {IN}`, bareNames(requested));
  const infos = await groupInfos(gateway, rows);
  return matchNames(
    requested,
    rows.map((r, i) => ({ name: r.DeveloperName, namespace: r.NamespacePrefix, value: infos[i] })),
    'UNKNOWN_GROUP'
  );
}

/**
 * Groups by requested DeveloperName, Id and qualified name only: for a removal (`permset unassign`), which needs
 * no member licenses, so the component query readGroups sends is spared.
 */
export async function readGroupNames(gateway: OrgGateway, names: Iterable<string>): Promise<Map<string, { id: string; name: string } | Blocker>> {
  const requested = [...names];
  const rows = await gateway.queryIn<GroupRow>(`${GROUP_SELECT} WHERE DeveloperName IN {IN}`, bareNames(requested));
  return matchNames(
    requested,
    rows.map((r) => ({ name: r.DeveloperName, namespace: r.NamespacePrefix, value: { id: r.Id, name: qualifiedName(r.NamespacePrefix, r.DeveloperName) } })),
    'UNKNOWN_GROUP'
  );
}

/** Groups by Id (`permset restore` finds a backed-up group by Id first), keyed by the org's Id. */
export async function readGroupsById(gateway: OrgGateway, ids: readonly string[]): Promise<Map<string, GroupInfo>> {
  const rows = await gateway.queryIn<GroupRow>(`${GROUP_SELECT} WHERE Id IN {IN}`, [...new Set(ids)]);
  const infos = await groupInfos(gateway, rows);
  return new Map(rows.map((r, i) => [r.Id, infos[i]]));
}

/** Each group row with what its member sets need (licenses, no expiry), read through one component query. */
async function groupInfos(gateway: OrgGateway, rows: readonly GroupRow[]): Promise<GroupInfo[]> {
  const components = await gateway.queryIn<ComponentRow>(
    `SELECT PermissionSetGroupId, PermissionSetId, PermissionSet.Name, PermissionSet.NamespacePrefix, PermissionSet.LicenseId, ${MEMBER_NO_EXPIRY_FIELDS} FROM PermissionSetGroupComponent WHERE PermissionSetGroupId IN {IN}`,
    rows.map((r) => r.Id)
  );
  const licenses = new Map<string, Set<string>>();
  const noExpiry = new Map<string, NoExpiryGrant>();
  for (const c of components) {
    // A muting set (0QM) is a component too; its Permissions* say what it mutes, not what it grants.
    if (!c.PermissionSet || !c.PermissionSetId.startsWith('0PS')) continue;
    const grant = noExpiryGrant(c.PermissionSet, qualifiedName(c.PermissionSet.NamespacePrefix, c.PermissionSet.Name));
    if (grant && !noExpiry.has(c.PermissionSetGroupId)) noExpiry.set(c.PermissionSetGroupId, grant);
    const licenseId = c.PermissionSet.LicenseId;
    if (!licenseId) continue;
    licenses.set(c.PermissionSetGroupId, (licenses.get(c.PermissionSetGroupId) ?? new Set()).add(licenseId));
  }
  return rows.map((r) => {
    const needed = [...(licenses.get(r.Id) ?? [])];
    return {
      id: r.Id,
      name: qualifiedName(r.NamespacePrefix, r.DeveloperName),
      status: r.Status,
      requiredPslIds: needed.filter((id) => id.startsWith('0PL')),
      requiredUserLicenseIds: needed.filter((id) => id.startsWith('100')),
      sessionBased: r.HasActivationRequired === true,
      ...(noExpiry.has(r.Id) ? { noExpiry: noExpiry.get(r.Id) } : {}),
    };
  });
}

/** Users by username or Id; the map is keyed by lower-cased username and by both Id lengths. */
export async function readUsers(gateway: OrgGateway, identifiers: Iterable<string>): Promise<Map<string, UserInfo>> {
  const ids: string[] = [];
  const usernames: string[] = [];
  for (const value of new Set(identifiers)) (isSalesforceId(value) && value.startsWith('005') ? ids : usernames).push(value);
  const fields = 'SELECT Id, Username, IsActive, Profile.UserLicenseId FROM User WHERE';
  const [byId, byName] = await Promise.all([
    gateway.queryIn<UserRow>(`${fields} Id IN {IN}`, ids),
    gateway.queryIn<UserRow>(`${fields} Username IN {IN}`, usernames),
  ]);
  const users = new Map<string, UserInfo>();
  for (const row of [...byId, ...byName]) {
    const user = { id: row.Id, username: row.Username, isActive: row.IsActive, userLicenseId: row.Profile?.UserLicenseId ?? null };
    users.set(row.Username.toLowerCase(), user).set(row.Id, user).set(row.Id.slice(0, 15), user);
  }
  return users;
}

/** Existing assignments of these users to these targets, keyed `${assigneeId}:${targetId}` (group id for groups). */
export async function readExistingAssignments(
  gateway: OrgGateway,
  userIds: readonly string[],
  permissionSetIds: readonly string[],
  groupIds: readonly string[]
): Promise<Map<string, ExistingAssignment>> {
  const targets = [
    permissionSetIds.length > 0 ? `PermissionSetId IN ${soqlInList(permissionSetIds)}` : '',
    groupIds.length > 0 ? `PermissionSetGroupId IN ${soqlInList(groupIds)}` : '',
  ].filter(Boolean);
  if (targets.length === 0 || userIds.length === 0) return new Map();
  const rows = await gateway.queryIn<AssignmentRow>(
    `SELECT Id, AssigneeId, PermissionSetId, PermissionSetGroupId, ExpirationDate FROM PermissionSetAssignment WHERE (${targets.join(' OR ')}) AND AssigneeId IN {IN}`,
    userIds
  );
  const existing = new Map<string, ExistingAssignment>();
  for (const row of rows) {
    const targetId = row.PermissionSetGroupId ?? row.PermissionSetId;
    existing.set(`${row.AssigneeId}:${targetId}`, { id: row.Id, assigneeId: row.AssigneeId, targetId, expirationDate: row.ExpirationDate });
  }
  return existing;
}

/** `${assigneeId}:${pslId}` for each of these PSLs held by these users. */
export async function readPslHoldings(gateway: OrgGateway, userIds: readonly string[], pslIds: readonly string[]): Promise<Set<string>> {
  if (pslIds.length === 0 || userIds.length === 0) return new Set();
  const rows = await gateway.queryIn<{ AssigneeId: string; PermissionSetLicenseId: string }>(
    `SELECT AssigneeId, PermissionSetLicenseId FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId IN ${soqlInList(pslIds)} AND AssigneeId IN {IN}`,
    userIds
  );
  return new Set(rows.map((r) => `${r.AssigneeId}:${r.PermissionSetLicenseId}`));
}

export async function readPsls(gateway: OrgGateway, pslIds: readonly string[]): Promise<PslInfo[]> {
  const rows = await gateway.queryIn<PslRow>(
    'SELECT Id, DeveloperName, MasterLabel, TotalLicenses, UsedLicenses FROM PermissionSetLicense WHERE Id IN {IN}',
    pslIds
  );
  return rows.map((r) => ({ id: r.Id, name: r.DeveloperName, total: r.TotalLicenses, used: r.UsedLicenses }));
}
