import { type OrgGateway } from '../../gateway/index.js';
import { assignmentRowNeeds } from '../../planning/preflight/permissions.js';
import { planReclaim, type ReclaimPlan } from '../../planning/psl/reclaim-plan.js';
import { type RemovalBackupLocation, saveRemovalBackup } from '../backup/removal-backup.js';
import { requirePermissions } from '../preflight.js';
import { deleteRemovals, type DeleteProgress } from '../removal/delete-removals.js';
import { readReclaimFacts, readUsedLicenses, type ReclaimModes } from './reclaim-reads.js';
import { reclaimResult, type PslReclaimResult } from './reclaim-result.js';

export type PslReclaimRequest = ReclaimModes & {
  /** DeveloperNames to reclaim (case-insensitive); every license when empty. */
  licenses: readonly string[];
};

/** A plan read from the org, before anything is written: what the delete guard, the dry run and the run take. */
export type PlannedReclaim = { modes: ReclaimModes; plan: ReclaimPlan };

/**
 * `psl reclaim`, step 1: read the seat analysis (the reads `psl report` uses) and plan the deletes. Nothing is
 * written; an unknown license name refuses the run here (InputError).
 */
export async function planReclaimRun(gateway: OrgGateway, request: PslReclaimRequest): Promise<PlannedReclaim> {
  const modes = { inactive: request.inactive, unneeded: request.unneeded };
  return { modes, plan: planReclaim(await readReclaimFacts(gateway, request.licenses, modes)) };
}

/** The result of a dry run (or of a run with nothing to reclaim): the plan, no writes, no backup. */
export function plannedResult(gateway: OrgGateway, planned: PlannedReclaim, dryRun: boolean): PslReclaimResult {
  return reclaimResult({ plan: planned.plan, modes: planned.modes, dryRun, backupFile: null, requests: gateway.stats });
}

export type ExecuteOptions = { location: RemovalBackupLocation; orgId: string; now: Date; onProgress?: DeleteProgress };

/**
 * `psl reclaim`, step 2 (after the delete guard): the preflight for exactly the planned writes (Assign Permission
 * Sets for the assignments, Manage Users for the seats), the backup of every row (synced to disk before the first
 * delete), the deletes (assignments, then seats, 200 a request), and the licenses' UsedLicenses read again.
 */
export async function executeReclaim(gateway: OrgGateway, planned: PlannedReclaim, options: ExecuteOptions): Promise<PslReclaimResult> {
  const { removal } = planned.plan;
  if (planned.plan.deletes === 0) return plannedResult(gateway, planned, false);
  await requirePermissions(gateway, assignmentRowNeeds({ assignments: removal.assignments.length > 0, seats: removal.licenseAssignments.length > 0 }));
  await saveRemovalBackup(options.location, { operation: 'reclaim', orgId: options.orgId, removed: removal, now: options.now });
  const outcomes = await deleteRemovals(gateway, removal, options.onProgress);
  const usedAfter = await readUsedLicenses(gateway);
  return reclaimResult({ plan: planned.plan, modes: planned.modes, dryRun: false, backupFile: options.location.path, outcomes, usedAfter, requests: gateway.stats });
}
