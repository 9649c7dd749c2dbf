import { type OrgGateway } from '../../gateway/index.js';
import { type RemovalBackupFile } from '../../io/backup-file.js';
import { type GroupStatus } from '../../planning/assignment/types.js';
import { assignmentRowNeeds } from '../../planning/preflight/permissions.js';
import { type AssignmentStep, type RestoreOrgState, type RestorePlan, planRestore } from '../../planning/removal/restore-plan.js';
import { waitForGroups } from '../group-status-waiter.js';
import { requirePermissions } from '../preflight.js';
import { type Describe, type Outcomes, type RemovalRestoreResult, buildResult } from './restore-results.js';
import { readRestoreState } from './restore-reads.js';

export type RemovalRestoreStage = 'plan' | 'wait' | 'seats' | 'assignments';

export type RemovalRestoreRequest = { file: string; dryRun: boolean; waitMs: number; describe: Describe };
export type RemovalRestoreOptions = {
  events?: { onStage?: (stage: RemovalRestoreStage) => void; onGroupStatus?: (group: string, status: GroupStatus) => void };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/** Rows of distinct users land in any order, as assign's creates do. */
const CREATE_LANES = { concurrency: 4 };

/**
 * `permset restore` of what unassign, assign --sync or psl reclaim removed: reads the org once, plans every row
 * (src/planning/removal/restore-plan.ts), checks the running user's permissions, waits for groups that are still
 * recalculating, then creates the license seats and after them the assignments, through the gateway's collections
 * (200 a request). A create whose answer was lost meets DUPLICATE_VALUE when resent and counts as done, so the
 * writes may be retried and the whole command rerun. A dry run reads and plans only.
 */
export async function restoreRemovals(
  gateway: OrgGateway,
  file: RemovalBackupFile,
  request: RemovalRestoreRequest,
  options: RemovalRestoreOptions = {}
): Promise<RemovalRestoreResult> {
  const now = options.now ?? Date.now;
  const events = options.events ?? {};
  events.onStage?.('plan');
  let state = await readRestoreState(gateway, file.removed, now());
  let plan = planRestore(file.removed, state);
  const outcomes: Outcomes = { seats: new Map(), assignments: new Map() };
  if (!request.dryRun && hasCreates(plan)) {
    // Before the first write: a missing permission stops the run with nothing written.
    await requirePermissions(
      gateway,
      assignmentRowNeeds({ assignments: plan.assignments.some((a) => a.action === 'create' || a.action === 'groupNotUpdated'), seats: plan.seats.some((s) => s.action === 'create') })
    );
    const pending = pendingGroups(plan, state);
    if (pending.size > 0 && request.waitMs > 0) {
      events.onStage?.('wait');
      state = await waitForPending(gateway, state, pending, request.waitMs, { ...options, now });
      plan = planRestore(file.removed, state);
    }
    events.onStage?.('seats');
    const seats = plan.seats.filter((s) => s.action === 'create');
    const seatOutcomes = await gateway.create('PermissionSetLicenseAssign', seats.map((s) => ({ AssigneeId: s.user!.id, PermissionSetLicenseId: s.license!.id })), undefined, CREATE_LANES);
    seats.forEach((s, i) => outcomes.seats.set(s, seatOutcomes[i]));
    events.onStage?.('assignments');
    const creates = plan.assignments.filter((a) => a.action === 'create');
    const created = await gateway.create('PermissionSetAssignment', creates.map(assignmentRecord), undefined, CREATE_LANES);
    creates.forEach((a, i) => outcomes.assignments.set(a, created[i]));
  }
  const head = { operation: file.operation, backupFile: request.file, dryRun: request.dryRun, requests: { ...gateway.stats } };
  return buildResult(head, plan, outcomes, request.describe);
}

/** Anything to create, counting rows that would be created once their group is Updated. */
function hasCreates(plan: RestorePlan): boolean {
  return [...plan.seats, ...plan.assignments].some((s) => s.action === 'create' || s.action === 'groupNotUpdated');
}

/** Groups Outdated or Updating (a Failed one will not recover by waiting) that hold back rows otherwise ready: Id -> name. */
function pendingGroups(plan: RestorePlan, state: RestoreOrgState): Map<string, string> {
  const pending = new Map<string, string>();
  for (const a of plan.assignments) {
    if (a.action === 'groupNotUpdated' && a.target && state.groupStatuses.get(a.target.id) !== 'Failed') pending.set(a.target.id, a.target.name);
  }
  return pending;
}

async function waitForPending(
  gateway: OrgGateway,
  state: RestoreOrgState,
  groups: ReadonlyMap<string, string>,
  waitMs: number,
  options: RemovalRestoreOptions & { now: () => number }
): Promise<RestoreOrgState> {
  const waited = await waitForGroups(gateway, [...groups.keys()], {
    timeoutMs: waitMs,
    now: options.now,
    sleep: options.sleep,
    // The plan's read a moment ago is the first poll.
    justRead: true,
    onStatus: (id, status) => options.events?.onGroupStatus?.(groups.get(id) ?? id, status),
  });
  const groupStatuses = new Map(state.groupStatuses);
  for (const [id, status] of waited.statuses) groupStatuses.set(id, status);
  return { ...state, groupStatuses, now: options.now() };
}

function assignmentRecord(step: AssignmentStep): Record<string, unknown> {
  const target = step.row.kind === 'permissionSet' ? { PermissionSetId: step.target!.id } : { PermissionSetGroupId: step.target!.id };
  return { AssigneeId: step.user!.id, ...target, ...(step.row.expirationDate ? { ExpirationDate: step.row.expirationDate } : {}) };
}
