import { type RemovedAssignment } from '../../planning/removal/types.js';
import { type DeleteOutcome } from '../removal/delete-removals.js';
import { type AssignmentResult } from './results.js';
import { type Describe } from './to-results.js';

/** A removed (or, in a dry run, to-be-removed) assignment as a result row, in the JSON shape of assign's rows. */
function baseOf(row: RemovedAssignment): Omit<AssignmentResult, 'action'> {
  const target = row.kind === 'permissionSet' ? { permissionSet: row.targetName } : { permissionSetGroup: row.targetName };
  return { username: row.username, userId: row.assigneeId, ...target, id: row.id, expirationDate: row.expirationDate };
}

/**
 * A row to delete once its delete answered: `deleted` (also when the org reports it already gone: it was there at
 * planning, it is in the backup, and it is gone) or `failed` with WRITE_FAILED and the org's answer. The one
 * translation of a delete's outcome for `permset unassign` and `permset assign --sync`.
 */
export function afterDelete(row: Omit<AssignmentResult, 'action'>, outcome: DeleteOutcome | undefined, describe: Describe): AssignmentResult {
  if (outcome?.status === 'deleted' || outcome?.status === 'alreadyGone') return { ...row, action: 'deleted' };
  const tokens = outcome?.status === 'failed' ? [outcome.errorCode, outcome.message] : ['UNKNOWN_ERROR', outcome?.reason ?? 'no answer'];
  return { ...row, action: 'failed', reason: 'WRITE_FAILED', message: describe({ reason: 'WRITE_FAILED', tokens }) };
}

/** The rows of a removal: `toDelete` in a dry run (no outcomes), else what their delete did. */
export function removalResults(
  rows: readonly RemovedAssignment[],
  outcomes: ReadonlyMap<string, DeleteOutcome> | undefined,
  describe: Describe
): AssignmentResult[] {
  return rows.map((row) => (outcomes ? afterDelete(baseOf(row), outcomes.get(row.id), describe) : { ...baseOf(row), action: 'toDelete' }));
}

/** The running user's own assignments that the file does not list: kept, and said so (RUNNING_USER). */
export function keptResults(rows: readonly RemovedAssignment[]): AssignmentResult[] {
  return rows.map((row) => ({ ...baseOf(row), action: 'unchanged', warnings: ['RUNNING_USER'] }));
}
