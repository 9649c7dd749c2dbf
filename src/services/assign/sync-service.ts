import { type OrgGateway } from '../../gateway/index.js';
import { type BatchPlan } from '../../planning/assignment/plan-batch.js';
import { isBlocker } from '../../planning/assignment/names.js';
import { type GroupInfo, type Blocker, type PermissionSetInfo, type TargetKind } from '../../planning/assignment/types.js';
import {
  type FileTarget,
  type SyncScope,
  listedPair,
  orderRemovals,
  syncDeletes,
  syncTargets,
} from '../../planning/removal/sync-plan.js';
import { type RemovedAssignment } from '../../planning/removal/types.js';
import { locateRemovalBackup, saveRemovalBackup } from '../backup/removal-backup.js';
import { deleteRemovals } from '../removal/delete-removals.js';
import {
  type AssignOptions,
  type AssignmentSource,
  type RunState,
  planWithWaits,
  preflight,
  readBatchState,
  resolveTargets,
  summaryOf,
  writesIn,
} from './assign-service.js';
import { executePlan } from './execute-plan.js';
import { keptResults, removalResults } from './removal-results.js';
import { type AssignResult, type AssignmentResult } from './results.js';
import { readAssignableTargets, targetAssignmentPages } from './sync-reads.js';
import { toResults } from './to-results.js';

export type SyncOptions = AssignOptions & {
  scope: SyncScope;
  /** The running user (the session's): their own assignments are never removed. */
  runningUsername: string;
  orgId: string;
  /** --backup-file, relative to cwd; without it a new timestamped file in cwd. */
  backupFile?: string;
  cwd: string;
  /**
   * Asked once the whole plan is known and before anything is written (never in a dry run), with the number of
   * assignments it deletes: throws to stop the run (the delete guard of --max-deletes / --no-prompt).
   */
  /** Shown the whole plan before anything is written; applies the delete guard (throws to stop with nothing written). */
  confirmDeletes: (plan: SyncPlanCounts) => Promise<void>;
  onDeleteProgress?: (done: number, total: number) => void;
};

/** assign's result, and the backup of what the sync deleted (null when it deleted nothing). */
export type SyncResult = AssignResult & { backupFile: string | null };

type Removal = { deletes: RemovedAssignment[]; kept: RemovedAssignment[] };

/**
 * `permset assign --sync`: the file is the desired state of the sets and groups in scope. Everything is planned
 * before the first write - the creates and updates exactly as assign plans them, then the deletes from every
 * existing assignment of the targets in scope - so that the guard, the dry run and the backup see the whole plan.
 * Then: the guard, the preflight, the creates and updates (access is added before any is taken away), the backup of
 * every row about to go, the deletes.
 */
/** What a sync is about to write: every create, update and delete of the run. */
export type SyncPlanCounts = { creates: number; updates: number; deletes: number };

export async function syncAssignments(gateway: OrgGateway, source: AssignmentSource, options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const run = await resolveTargets(gateway, source, now() + options.waitMs);
  const { plans, listed } = await planAll(gateway, source, run, options);
  const removal = await planRemovals(gateway, run, listed, options);
  const kept = keptResults(removal.kept);
  if (options.dryRun) {
    const rows = [...plans.flatMap((plan) => toResults(plan, new Map(), options)), ...removalResults(removal.deletes, undefined, options.describe), ...kept];
    return { summary: summaryOf(gateway, run, rows, true), assignments: rows, backupFile: null };
  }
  const deletes = removal.deletes;
  // A --backup-file that is not this org's sync backup is refused here, before anything is written.
  const location = deletes.length > 0 ? await locateRemovalBackup({ explicitPath: options.backupFile, cwd: options.cwd, orgId: options.orgId, operation: 'sync', now: new Date(now()) }) : undefined;
  const planned = plans.flatMap((plan) => plan.rows);
  await options.confirmDeletes({
    creates: planned.filter((r) => r.action === 'create').length,
    updates: planned.filter((r) => r.action === 'update').length,
    deletes: deletes.length,
  });
  if (deletes.length > 0 || plans.some((plan) => writesIn(plan) > 0)) await preflight(gateway, run);
  const rows: AssignmentResult[] = [];
  for (const plan of plans) {
    const written = await executePlan(gateway, plan, (done) => options.events?.onWrite?.(done, writesIn(plan)));
    run.seatsAssigned += written.seatsAssigned;
    rows.push(...toResults(plan, written.answers, options));
    options.events?.onBatch?.(rows.length);
  }
  if (location) {
    const removed = { assignments: deletes, licenseAssignments: [] };
    await saveRemovalBackup(location, { operation: 'sync', orgId: options.orgId, removed, now: new Date(now()) });
    const outcomes = await deleteRemovals(gateway, removed, options.onDeleteProgress);
    rows.push(...removalResults(deletes, outcomes, options.describe));
  }
  rows.push(...kept);
  return { summary: summaryOf(gateway, run, rows, false), assignments: rows, backupFile: location?.path ?? null };
}

/** Plans every batch of the file (reads as assign does, no write), and collects the pairs the file lists. */
async function planAll(
  gateway: OrgGateway,
  source: AssignmentSource,
  run: RunState,
  options: AssignOptions
): Promise<{ plans: BatchPlan[]; listed: Set<string> }> {
  const now = options.now ?? Date.now;
  const plans: BatchPlan[] = [];
  const listed = new Set<string>();
  let planned = 0;
  for await (const rows of source.batches()) {
    const state = await readBatchState(gateway, rows, run, source.conflicts, now());
    const plan = await planWithWaits(gateway, rows, state, run, options);
    for (const row of plan.rows) {
      const key = listedPair(row);
      if (key) listed.add(key);
    }
    plans.push(plan);
    planned += rows.length;
    options.events?.onBatch?.(planned);
  }
  return { plans, listed };
}

/**
 * Reads every assignment of the targets in scope, all users, page by page, keeping only the rows to delete (and
 * the running user's, kept): memory follows the deletes, not the org's assignments.
 */
async function planRemovals(gateway: OrgGateway, run: RunState, listed: ReadonlySet<string>, options: SyncOptions): Promise<Removal> {
  const fileTargets = [...fileTargetsOf(run.permissionSets, 'permissionSet'), ...fileTargetsOf(run.groups, 'permissionSetGroup')];
  const targets = syncTargets(options.scope, fileTargets, options.scope === 'all' ? await readAssignableTargets(gateway) : []);
  const ids = (kind: TargetKind): string[] => [...targets.values()].filter((t) => t.kind === kind).map((t) => t.id);
  const input = { targets, listed, protectedUsernames: new Set([options.runningUsername.toLowerCase()]) };
  const deletes = new Map<string, RemovedAssignment>();
  const kept = new Map<string, RemovedAssignment>();
  for await (const page of targetAssignmentPages(gateway, ids('permissionSet'), ids('permissionSetGroup'))) {
    const decided = syncDeletes(page, input);
    for (const row of decided.deletes) deletes.set(row.id, row);
    for (const row of decided.kept) kept.set(row.id, row);
  }
  return { deletes: orderRemovals([...deletes.values()]), kept: orderRemovals([...kept.values()]) };
}

function fileTargetsOf(resolved: ReadonlyMap<string, PermissionSetInfo | GroupInfo | Blocker>, kind: TargetKind): FileTarget[] {
  return [...resolved.entries()].map(([name, value]) => ({ kind, name, target: isBlocker(value) ? undefined : { id: value.id, kind, name: value.name } }));
}
