import { type OrgGateway } from '../../gateway/index.js';
import { assignmentRowNeeds } from '../../planning/preflight/permissions.js';
import { type RemovalSnapshot } from '../../planning/removal/types.js';
import { locateRemovalBackup, saveRemovalBackup } from '../backup/removal-backup.js';
import { requirePermissions } from '../preflight.js';
import { deleteRemovals } from '../removal/delete-removals.js';
import { summarize, type AssignResult, type AssignmentResult } from '../assign/results.js';
import { type Describe } from '../assign/to-results.js';
import { planRemovals } from './plan-removals.js';
import { withOutcomes } from './unassign-results.js';
import { type UnassignSource } from './unassign-source.js';

/**
 * `permset unassign`'s outcome: assign's rows and summary, and the backup file holding every row the run deleted or
 * tried to (null when none was written: a dry run, or nothing to delete).
 */
export type UnassignResult = AssignResult & { backupFile: string | null };

export type UnassignEvents = {
  onBatch?: (rowsSoFar: number) => void;
  /** The backup is on disk, before the first delete. */
  onBackup?: (path: string, rows: number) => void;
  onDelete?: (done: number, total: number) => void;
};

export type UnassignOptions = {
  dryRun: boolean;
  orgId: string;
  /** --backup-file, relative to cwd. */
  backupFile?: string;
  cwd: string;
  describe: Describe;
  /** The delete guard (--max-deletes, --no-prompt): returns when this many deletes may run, throws otherwise. */
  confirm: (deletes: number) => Promise<void>;
  now?: () => Date;
  events?: UnassignEvents;
};

/**
 * `permset unassign` as a workflow: check --backup-file, plan every batch (reads only), then, when there is
 * something to delete and it is not a dry run: the delete guard, the preflight of the running user's permissions,
 * the backup of every row to delete (on disk before the first delete), the deletes, and each row's outcome.
 */
export async function unassign(gateway: OrgGateway, source: UnassignSource, options: UnassignOptions): Promise<UnassignResult> {
  const now = options.now ?? ((): Date => new Date());
  // A --backup-file that is not ours is refused before the org is even read.
  const location = await locateRemovalBackup({ explicitPath: options.backupFile, cwd: options.cwd, orgId: options.orgId, operation: 'unassign', now: now() });
  const plan = await planRemovals(gateway, source, { describe: options.describe, onBatch: options.events?.onBatch });
  if (options.dryRun || plan.removals.length === 0) return resultOf(gateway, plan.results, options.dryRun, null);

  await options.confirm(plan.removals.length);
  const removal: RemovalSnapshot = { assignments: plan.removals, licenseAssignments: [] };
  // Removing a permission set or group assignment needs Assign Permission Sets (no seat is touched here).
  await requirePermissions(gateway, assignmentRowNeeds({ assignments: true, seats: false }));
  await saveRemovalBackup(location, { operation: 'unassign', orgId: options.orgId, removed: removal, now: now() });
  options.events?.onBackup?.(location.path, removal.assignments.length);
  const outcomes = await deleteRemovals(gateway, removal, options.events?.onDelete);
  return resultOf(gateway, withOutcomes(plan.results, outcomes, options.describe), false, location.path);
}

function resultOf(gateway: OrgGateway, assignments: AssignmentResult[], dryRun: boolean, backupFile: string | null): UnassignResult {
  const summary = summarize(assignments, { dryRun, licenseSeatsAssigned: 0, licenseShortfalls: [], requests: { ...gateway.stats } });
  // A CSV row that named no target has no target to be counted under.
  return { summary: { ...summary, byTarget: summary.byTarget.filter((t) => t.name !== '') }, assignments, backupFile };
}
