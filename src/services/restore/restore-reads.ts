import { type OrgGateway } from '../../gateway/index.js';
import { type Blocker, type GroupInfo, type GroupStatus, type PermissionSetInfo } from '../../planning/assignment/types.js';
import { isBlocker } from '../../planning/assignment/names.js';
import { type RemovalSnapshot, type RemovedAssignment } from '../../planning/removal/types.js';
import { type Lookup, type RestoreLicense, type RestoreOrgState, type RestoreTarget, resolve, targetLookup } from '../../planning/removal/restore-plan.js';
import { readLicenses } from '../psl/psl-reads.js';
import {
  readExistingAssignments,
  readGroups,
  readGroupsById,
  readPermissionSets,
  readPermissionSetsById,
  readPslHoldings,
  readUsers,
} from '../assign/org-reads.js';

/**
 * What a restore of removed rows needs to know about the org, through the assign and psl reads: the users, the
 * targets (by Id, then by name only for those the Id no longer finds), the licenses, and which of the rows the
 * org holds already. The requests follow the number of distinct users and targets, not of rows.
 */
export async function readRestoreState(gateway: OrgGateway, removed: RemovalSnapshot, now: number): Promise<RestoreOrgState> {
  const rows = removed.assignments;
  const userIds = unique([...rows, ...removed.licenseAssignments].map((r) => r.assigneeId));
  const ofKind = (kind: RemovedAssignment['kind']): RemovedAssignment[] => rows.filter((r) => r.kind === kind);
  const [users, setsById, groupsById] = await Promise.all([
    readUsers(gateway, userIds),
    readPermissionSetsById(gateway, unique(ofKind('permissionSet').map((r) => r.targetId))),
    readGroupsById(gateway, unique(ofKind('permissionSetGroup').map((r) => r.targetId))),
  ]);
  const unfound = (kind: RemovedAssignment['kind'], byId: ReadonlyMap<string, unknown>): string[] =>
    unique(ofKind(kind).filter((r) => !byId.has(r.targetId)).map((r) => r.targetName));
  const [setsByName, groupsByName] = await Promise.all([
    readPermissionSets(gateway, unfound('permissionSet', setsById)),
    readGroups(gateway, unfound('permissionSetGroup', groupsById)),
  ]);
  const permissionSets = lookupOf(setsById, setsByName, setTarget);
  const groups = lookupOf(groupsById, groupsByName, groupTarget);
  const targets = rows.map((r) => resolve(targetLookup({ permissionSets, groups }, r), r.targetId, r.targetName));
  const needsLicenses = removed.licenseAssignments.length > 0 || targets.some((t) => (t?.pslIds.length ?? 0) > 0);
  const licenses: Lookup<RestoreLicense> = needsLicenses ? licenseLookup(await readLicenses(gateway)) : { byId: new Map(), byName: new Map() };
  const foundUsers = unique(userIds.flatMap((id) => users.get(id)?.id ?? []));
  const [existing, seats] = await Promise.all([
    readExistingAssignments(gateway, foundUsers, idsOf(rows, targets, 'permissionSet'), idsOf(rows, targets, 'permissionSetGroup')),
    readPslHoldings(gateway, foundUsers, relevantLicenses(removed, licenses, targets)),
  ]);
  const groupStatuses = statuses([...groupsById.values(), ...groupsByName.values()]);
  return { users, permissionSets, groups, licenses, groupStatuses, assignments: new Set(existing.keys()), seats, now };
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

function setTarget(set: PermissionSetInfo): RestoreTarget {
  return { id: set.id, name: set.name, pslIds: set.licenseId?.startsWith('0PL') ? [set.licenseId] : [] };
}

function groupTarget(group: GroupInfo): RestoreTarget {
  return { id: group.id, name: group.name, pslIds: group.requiredPslIds };
}

function lookupOf<T>(byId: ReadonlyMap<string, T>, byName: ReadonlyMap<string, T | Blocker>, toTarget: (info: T) => RestoreTarget): Lookup<RestoreTarget> {
  const ids = new Map<string, RestoreTarget>();
  for (const [id, info] of byId) ids.set(id, toTarget(info)).set(id.slice(0, 15), ids.get(id)!);
  const names = new Map<string, RestoreTarget | Blocker>();
  for (const [name, info] of byName) names.set(name, isBlocker(info) ? info : toTarget(info));
  return { byId: ids, byName: names };
}

function statuses(groups: Iterable<GroupInfo | Blocker>): Map<string, GroupStatus> {
  const out = new Map<string, GroupStatus>();
  for (const g of groups) if (!isBlocker(g)) out.set(g.id, g.status);
  return out;
}

function licenseLookup(records: Awaited<ReturnType<typeof readLicenses>>): Lookup<RestoreLicense> {
  const byId = new Map<string, RestoreLicense>();
  const byName = new Map<string, RestoreLicense>();
  for (const r of records) {
    const license = { id: r.Id, name: r.DeveloperName, total: r.TotalLicenses, used: r.UsedLicenses, active: r.Status === 'Active' };
    byId.set(r.Id, license).set(r.Id.slice(0, 15), license);
    byName.set(r.DeveloperName.toLowerCase(), license);
  }
  return { byId, byName };
}

/** The licenses the rows give back or their targets need: only these holdings matter (an org may have many more). */
function relevantLicenses(removed: RemovalSnapshot, licenses: Lookup<RestoreLicense>, targets: ReadonlyArray<RestoreTarget | undefined>): string[] {
  const seats = removed.licenseAssignments.flatMap((s) => resolve(licenses, s.licenseId, s.licenseName)?.id ?? []);
  return unique([...seats, ...targets.flatMap((t) => t?.pslIds ?? [])]);
}

function idsOf(rows: readonly RemovedAssignment[], targets: ReadonlyArray<RestoreTarget | undefined>, kind: RemovedAssignment['kind']): string[] {
  return unique(rows.flatMap((r, i) => (r.kind === kind && targets[i] ? [targets[i].id] : [])));
}
