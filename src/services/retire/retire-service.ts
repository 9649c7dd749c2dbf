import { type GatewayStats, type OrgGateway, type WriteOutcome } from '../../gateway/index.js';
import { writeNewBackup, replaceOwnBackup } from '../../io/backup-file.js';
import { planRetirement, type Refusal, type RetirePlan } from '../../planning/retire/retire-plan.js';
import { type GroupState, type GroupStatus, type RetireSnapshot } from '../../planning/retire/types.js';
import { setupWriteNeeds } from '../../planning/preflight/permissions.js';
import { waitForGroups } from '../group-status-waiter.js';
import { requirePermissions } from '../preflight.js';
import { backupFolder, locateBackup } from './backup-location.js';
import { readRetireState } from './retire-state.js';

export type RetireStage = 'plan' | 'backup' | 'detach' | 'wait' | 'unassign' | 'delete';
export type RetireStatus = 'retired' | 'alreadyRetired' | 'notFound' | 'refused' | 'failed' | 'timedOut' | 'dryRun';

export type RetireRequest = {
  kind: 'permissionSet' | 'group';
  name: string;
  orgId: string;
  removeAssignments: boolean;
  deleteMuting: boolean;
  dryRun: boolean;
  waitMs: number;
  backupFile?: string;
  cwd: string;
};

export type RetireEvents = {
  onStage?: (stage: RetireStage) => void;
  onGroupStatus?: (group: string, status: GroupStatus) => void;
};

export type RetireResult = {
  status: RetireStatus;
  target: { kind: 'permissionSet' | 'group'; name: string; id: string | null };
  backupFile: string | null;
  /** An earlier, interrupted run had already changed the org; this run continued it. */
  resumed: boolean;
  groups: Array<{ id: string; name: string; status: GroupStatus | 'Deleted'; detach: boolean }>;
  assignments: { count: number; removed: number; users: string[] };
  deleted: string[];
  mutingPermissionSet?: { id: string | null; action: 'deleted' | 'toDelete' | 'kept'; reason?: string };
  refusal?: Refusal;
  failure?: { stage: RetireStage; message: string; group?: string };
  /** Group status queries sent while waiting. */
  polls: number;
  requests: GatewayStats;
};

export type RetireOptions = { events?: RetireEvents; now?: () => number; sleep?: (ms: number) => Promise<void> };

/**
 * `psg retire` as a workflow: plan from the org (and an earlier run's backup), check the running user's
 * permissions for the planned writes (Assign Permission Sets to unassign, Manage Profiles and Permission Sets to
 * detach and delete: src/planning/preflight/permissions.ts), write the backup, detach the
 * permission set from its groups, wait for exactly those groups to recalculate, remove the assignments, delete.
 * Every step starts from what the org shows, so a rerun after any interruption continues where it stopped.
 */
export async function retire(gateway: OrgGateway, request: RetireRequest, options: RetireOptions = {}): Promise<RetireResult> {
  const events = options.events ?? {};
  const now = options.now ?? Date.now;
  events.onStage?.('plan');
  const read = await readRetireState(gateway, request, async (current) =>
    locateBackup({ explicitPath: request.backupFile, folder: backupFolder(request.backupFile, request.cwd), orgId: request.orgId, kind: request.kind, name: request.name, current, now: new Date(now()) })
  );
  const plan = planRetirement(read.state, request);
  const result = initialResult(request, plan, read.location.path, read.state.groups);
  if (plan.outcome === 'refused' || (plan.outcome !== 'proceed' && !plan.deleteMutingId) || request.dryRun) {
    return finish(result, gateway, request.dryRun && plan.outcome === 'proceed' ? 'dryRun' : statusOf(plan));
  }
  await requirePermissions(gateway, needsOf(plan));
  events.onStage?.('backup');
  if (plan.outcome === 'proceed') await saveBackup(read.location.path, read.location.prior !== null, plan.backup!, request.orgId, read.location.prior?.createdAt, now);
  return execute(gateway, plan, result, request, { ...options, events });
}

/** The preflight: the running user's permissions for exactly the writes planned, before the backup and the first write. */
function needsOf(plan: RetirePlan): ReturnType<typeof setupWriteNeeds> {
  const setup = plan.detach.length > 0 || plan.deleteId !== null || plan.deleteMutingId !== null;
  return setupWriteNeeds({ assignments: plan.unassign.length > 0, setup });
}

async function execute(gateway: OrgGateway, plan: RetirePlan, result: RetireResult, request: RetireRequest, options: RetireOptions): Promise<RetireResult> {
  const events = options.events ?? {};
  if (request.kind === 'permissionSet') {
    events.onStage?.('detach');
    const detached = await gateway.delete(plan.detach);
    if (failedWrite(detached)) return fail(result, gateway, 'detach', failedWrite(detached)!);
    events.onStage?.('wait');
    const waited = await waitFor(gateway, plan.waitFor, request.waitMs, options, result);
    if (waited) return waited;
  }
  events.onStage?.('unassign');
  const unassigned = await gateway.delete(plan.unassign);
  result.assignments.removed = unassigned.filter((o) => o.success).length;
  if (failedWrite(unassigned)) return fail(result, gateway, 'unassign', failedWrite(unassigned)!);
  events.onStage?.('delete');
  const deleteIds = [plan.deleteId, plan.deleteMutingId].filter((id): id is string => id !== null);
  const deleted = await gateway.delete(deleteIds);
  result.deleted = deleteIds.filter((_, i) => deleted[i]?.success);
  if (result.mutingPermissionSet?.action === 'toDelete') result.mutingPermissionSet.action = 'deleted';
  if (failedWrite(deleted)) return fail(result, gateway, 'delete', failedWrite(deleted)!);
  return finish(result, gateway, plan.outcome === 'alreadyRetired' ? 'alreadyRetired' : 'retired');
}

/** Waits for the groups; returns the finished result when the run must stop there (Failed or timed out). */
async function waitFor(gateway: OrgGateway, groups: readonly GroupState[], waitMs: number, options: RetireOptions, result: RetireResult): Promise<RetireResult | undefined> {
  if (groups.length === 0) return undefined;
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const waited = await waitForGroups(gateway, groups.map((g) => g.id), {
    timeoutMs: waitMs,
    sleep: options.sleep,
    now: options.now,
    onStatus: (id, status) => options.events?.onGroupStatus?.(names.get(id) ?? id, status),
  });
  result.polls = waited.polls;
  for (const group of result.groups) group.status = waited.statuses.get(group.id) ?? 'Deleted';
  const failed = result.groups.find((g) => g.status === 'Failed');
  if (failed) return fail(result, gateway, 'wait', { message: `Permission set group ${failed.name} recalculation Failed.` }, failed.name);
  if (waited.timedOut) {
    const open = result.groups.filter((g) => g.status !== 'Updated' && g.status !== 'Deleted').map((g) => `${g.name} (${g.status})`);
    result.failure = { stage: 'wait', message: open.join(', ') };
    return finish(result, gateway, 'timedOut');
  }
  return undefined;
}

async function saveBackup(path: string, exists: boolean, snapshot: RetireSnapshot, orgId: string, createdAt: string | undefined, now: () => number): Promise<void> {
  const stamp = new Date(now()).toISOString();
  if (exists) await replaceOwnBackup(path, { orgId, createdAt: createdAt ?? stamp, updatedAt: stamp, snapshot });
  else await writeNewBackup(path, { orgId, createdAt: stamp, snapshot });
}

function initialResult(request: RetireRequest, plan: RetirePlan, backupPath: string, groups: ReadonlyMap<string, GroupState>): RetireResult {
  const backup = plan.backup;
  const assignments = plan.refusal?.count ?? plan.unassign.length;
  const detaching = new Set((backup?.memberships ?? []).filter((m) => m.componentId && plan.detach.includes(m.componentId)).map((m) => m.groupId));
  return {
    status: 'dryRun',
    target: { kind: request.kind, name: backup?.target.name ?? request.name, id: plan.deleteId ?? backup?.target.id ?? null },
    backupFile: plan.outcome === 'proceed' || plan.outcome === 'alreadyRetired' ? backupPath : null,
    resumed: plan.resumed,
    groups: (backup?.memberships ?? []).map((m) => ({ id: m.groupId, name: m.groupName, status: groups.get(m.groupId)?.status ?? 'Deleted', detach: detaching.has(m.groupId) })),
    assignments: { count: assignments, removed: 0, users: usersOf(plan) },
    deleted: [],
    mutingPermissionSet: mutingOf(request, plan),
    refusal: plan.refusal,
    polls: 0,
    requests: { reads: 0, writes: 0, retries: 0 },
  };
}

function usersOf(plan: RetirePlan): string[] {
  if (plan.refusal) return plan.refusal.firstUsers;
  const ids = new Set(plan.unassign);
  return (plan.backup?.assignments ?? []).filter((a) => ids.has(a.id)).map((a) => a.username);
}

function mutingOf(request: RetireRequest, plan: RetirePlan): RetireResult['mutingPermissionSet'] {
  if (!request.deleteMuting) return undefined;
  if (plan.deleteMutingId) return { id: plan.deleteMutingId, action: 'toDelete' };
  return plan.mutingKept ? { id: null, action: 'kept', reason: plan.mutingKept } : undefined;
}

function statusOf(plan: RetirePlan): RetireStatus {
  return plan.outcome === 'proceed' ? 'retired' : plan.outcome;
}

function failedWrite(outcomes: readonly WriteOutcome[]): { message: string } | undefined {
  const failed = outcomes.find((o) => !o.success);
  return failed ? { message: `${failed.errorCode ?? 'ERROR'}: ${failed.message ?? ''}` } : undefined;
}

function fail(result: RetireResult, gateway: OrgGateway, stage: RetireStage, error: { message: string }, group?: string): RetireResult {
  result.failure = { stage, message: error.message, ...(group ? { group } : {}) };
  return finish(result, gateway, 'failed');
}

function finish(result: RetireResult, gateway: OrgGateway, status: RetireStatus): RetireResult {
  result.status = status;
  result.requests = { ...gateway.stats };
  return result;
}
