import { type GatewayStats, type OrgGateway, soqlString } from '../../gateway/index.js';
import { type RetireBackupFile, assertBackupOfOrg, readRetireBackup } from '../../io/backup-file.js';
import { type AssignmentStep, type MembershipStep } from '../../planning/retire/restore-plan.js';
import { type GroupMember, type GroupStatus, type RetireSnapshot } from '../../planning/retire/types.js';
import { setupWriteNeeds } from '../../planning/preflight/permissions.js';
import { waitForGroups } from '../group-status-waiter.js';
import { requirePermissions } from '../preflight.js';
import { RestoreWriteError, ensureRecord, restoreAssignments, restoreMemberships, restorePermissionRows } from './restore-steps.js';

export type RestoreStage = 'read' | 'recreate' | 'permissions' | 'groups' | 'wait' | 'assignments';
export type RestoreStatus = 'restored' | 'partial' | 'failed' | 'timedOut';

export type RestoreRequest = { file: string; orgId: string; waitMs: number };
export type RestoreEvents = { onStage?: (stage: RestoreStage) => void; onGroupStatus?: (group: string, status: GroupStatus) => void };

export type RestoreResult = {
  status: RestoreStatus;
  backupFile: string;
  target: { kind: 'permissionSet' | 'group'; name: string; id: string | null; recreated: boolean };
  permissionRowsCreated: number;
  memberships: Array<{ group: string; action: MembershipStep['action'] | 'memberMissing'; status?: GroupStatus }>;
  assignments: Array<{ username: string; action: AssignmentStep['action']; expirationDate: string | null; error?: string }>;
  failure?: { stage: RestoreStage; message: string };
  requests: GatewayStats;
};

export type RestoreOptions = { events?: RestoreEvents; now?: () => number; sleep?: (ms: number) => Promise<void> };

/**
 * `psg restore`: recreates what a retirement removed, through the same gateway - the permission set (or group)
 * with its permissions, its group memberships (then waits for those groups to be Updated), and its assignments
 * with their expiration dates. Whatever the org already holds is skipped, so a restore can be rerun.
 */
export async function restore(gateway: OrgGateway, request: RestoreRequest, options: RestoreOptions = {}): Promise<RestoreResult> {
  options.events?.onStage?.('read');
  return restoreRetirement(gateway, await readRetireBackup(request.file), request, options);
}

/** The restore of a retirement backup already read and checked (`permset restore` reads any backup, then comes here). */
export async function restoreRetirement(gateway: OrgGateway, file: RetireBackupFile, request: RestoreRequest, options: RestoreOptions = {}): Promise<RestoreResult> {
  const events = options.events ?? {};
  assertBackupOfOrg(file, request.file, request.orgId);
  const snapshot = file.snapshot;
  // Preflight before the first write: Manage Profiles and Permission Sets to recreate the set or group, its rows and
  // memberships; Assign Permission Sets when the backup holds assignments to recreate.
  await requirePermissions(gateway, setupWriteNeeds({ assignments: snapshot.assignments.length > 0, setup: true }));
  const result: RestoreResult = {
    status: 'restored',
    backupFile: request.file,
    target: { kind: snapshot.target.kind, name: snapshot.target.name, id: null, recreated: false },
    permissionRowsCreated: 0,
    memberships: [],
    assignments: [],
    requests: { reads: 0, writes: 0, retries: 0 },
  };
  let stage: RestoreStage = 'recreate';
  const step = (next: RestoreStage): void => {
    stage = next;
    events.onStage?.(next);
  };
  try {
    const groupIds = snapshot.target.kind === 'permissionSet' ? await restoreSet(gateway, snapshot, result, step) : await restoreGroup(gateway, snapshot, result, step);
    step('wait');
    if (!(await waitUntilUpdated(gateway, groupIds, request.waitMs, result, options))) return done(result, gateway);
    step('assignments');
    const target = snapshot.target.kind === 'permissionSet' ? { PermissionSetId: result.target.id! } : { PermissionSetGroupId: result.target.id! };
    const steps = await restoreAssignments(gateway, target, snapshot.assignments, (options.now ?? Date.now)());
    result.assignments = steps.map((s) => ({
      username: s.assignment.username,
      action: s.action,
      expirationDate: s.assignment.expirationDate,
      ...(s.error ? { error: s.error } : {}),
    }));
  } catch (error) {
    if (!(error instanceof RestoreWriteError)) throw error;
    result.status = 'failed';
    result.failure = { stage, message: error.message };
    return done(result, gateway);
  }
  const incomplete = [...result.memberships.map((m) => m.action), ...result.assignments.map((a) => a.action)].some((a) => ['groupMissing', 'memberMissing', 'userMissing', 'userInactive', 'failed'].includes(a));
  if (incomplete) result.status = 'partial';
  return done(result, gateway);
}

async function restoreSet(gateway: OrgGateway, snapshot: RetireSnapshot, result: RestoreResult, step: (s: RestoreStage) => void): Promise<string[]> {
  const content = snapshot.permissionSet!;
  step('recreate');
  const set = await ensureRecord(gateway, 'PermissionSet', content.record, 'Name');
  result.target = { ...result.target, id: set.id, recreated: set.created };
  step('permissions');
  result.permissionRowsCreated = await restorePermissionRows(gateway, set.id, {
    ObjectPermissions: content.objectPermissions,
    FieldPermissions: content.fieldPermissions,
    SetupEntityAccess: content.setupEntityAccess,
  });
  step('groups');
  const steps = await restoreMemberships(gateway, set.id, snapshot.memberships);
  result.memberships = steps.map((s) => ({ group: s.membership.groupName, action: s.action }));
  return steps.flatMap((s) => (s.groupId ? [s.groupId] : []));
}

async function restoreGroup(gateway: OrgGateway, snapshot: RetireSnapshot, result: RestoreResult, step: (s: RestoreStage) => void): Promise<string[]> {
  const group = snapshot.group!;
  step('recreate');
  const created = await ensureRecord(gateway, 'PermissionSetGroup', group.record, 'DeveloperName');
  result.target = { ...result.target, id: created.id, recreated: created.created };
  step('groups');
  const memberIds = await resolveMembers(gateway, group.members, group.mutingPermissionSet);
  const present = await gateway.query<{ PermissionSetId: string }>(`SELECT PermissionSetId FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = ${soqlString(created.id)}`);
  const held = new Set(present.map((p) => p.PermissionSetId));
  const creates = group.members.filter((m) => memberIds.get(m.name) && !held.has(memberIds.get(m.name)!));
  const outcomes = await gateway.create('PermissionSetGroupComponent', creates.map((m) => ({ PermissionSetGroupId: created.id, PermissionSetId: memberIds.get(m.name) })));
  const failed = outcomes.find((o) => !o.success);
  if (failed) throw new RestoreWriteError(`member ${creates[failed.index].name}`, `${failed.errorCode ?? 'ERROR'} ${failed.message ?? ''}`);
  result.memberships = group.members.map((m) => ({
    group: m.name,
    action: !memberIds.get(m.name) ? 'memberMissing' : creates.includes(m) ? 'create' : 'present',
  }));
  return [created.id];
}

/** Member permission sets by name -> Id (by Id first, then by name); the muting set is recreated when gone. */
async function resolveMembers(gateway: OrgGateway, members: readonly GroupMember[], muting: Record<string, unknown> | null): Promise<Map<string, string>> {
  const sets = members.filter((m) => !m.muting);
  const [byId, byName] = await Promise.all([
    gateway.queryIn<{ Id: string; Name: string }>('SELECT Id, Name FROM PermissionSet WHERE Id IN {IN}', sets.map((m) => m.permissionSetId)),
    gateway.queryIn<{ Id: string; Name: string }>('SELECT Id, Name FROM PermissionSet WHERE PermissionSetGroupId = null AND Name IN {IN}', sets.map((m) => m.name.replace(/^.*__/, ''))),
  ]);
  const ids = new Map<string, string>();
  const found = new Set(byId.map((r) => r.Id));
  for (const m of sets) {
    const id = found.has(m.permissionSetId) ? m.permissionSetId : byName.find((r) => r.Name.toLowerCase() === m.name.replace(/^.*__/, '').toLowerCase())?.Id;
    if (id) ids.set(m.name, id);
  }
  const mutingMember = members.find((m) => m.muting);
  if (mutingMember && muting) ids.set(mutingMember.name, (await ensureRecord(gateway, 'MutingPermissionSet', muting, 'DeveloperName')).id);
  return ids;
}

/** False when the run must stop (a group Failed, or the wait ran out). */
async function waitUntilUpdated(gateway: OrgGateway, groupIds: string[], waitMs: number, result: RestoreResult, options: RestoreOptions): Promise<boolean> {
  if (groupIds.length === 0) return true;
  const waited = await waitForGroups(gateway, groupIds, {
    timeoutMs: waitMs,
    now: options.now,
    sleep: options.sleep,
    onStatus: (id, status) => options.events?.onGroupStatus?.(nameOf(result, groupIds, id), status),
  });
  const statuses = groupIds.map((id) => ({ name: nameOf(result, groupIds, id), status: waited.statuses.get(id) }));
  if (result.target.kind === 'permissionSet') {
    const byName = new Map(statuses.map((s) => [s.name, s.status]));
    for (const m of result.memberships) m.status = byName.get(m.group);
  }
  const failed = statuses.filter((s) => s.status === 'Failed').map((s) => s.name);
  const open = statuses.filter((s) => s.status !== 'Updated' && s.status !== 'Failed').map((s) => `${s.name} (${s.status ?? 'gone'})`);
  if (failed.length > 0) Object.assign(result, { status: 'failed', failure: { stage: 'wait', message: `recalculation Failed: ${failed.join(', ')}` } });
  else if (waited.timedOut) Object.assign(result, { status: 'timedOut', failure: { stage: 'wait', message: open.join(', ') } });
  return failed.length === 0 && !waited.timedOut;
}

function nameOf(result: RestoreResult, groupIds: readonly string[], id: string): string {
  if (result.target.kind === 'group') return result.target.name;
  const withGroup = result.memberships.filter((m) => m.action !== 'groupMissing');
  return withGroup[groupIds.indexOf(id)]?.group ?? id;
}

function done(result: RestoreResult, gateway: OrgGateway): RestoreResult {
  result.requests = { ...gateway.stats };
  return result;
}
