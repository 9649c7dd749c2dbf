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
 * The rows of a removal: `toDelete` in a dry run, else `deleted` (also when it was already gone: the state holds)
 * or `failed` with WRITE_FAILED and the org's answer.
 */
export function removalResults(
  rows: readonly RemovedAssignment[],
  outcomes: ReadonlyMap<string, DeleteOutcome> | undefined,
  describe: Describe
): AssignmentResult[] {
  return rows.map((row) => {
    const base = baseOf(row);
    if (!outcomes) return { ...base, action: 'toDelete' };
    const outcome = outcomes.get(row.id) ?? { status: 'failed', errorCode: 'UNKNOWN_ERROR', message: 'no answer' };
    if (outcome.status === 'deleted' || outcome.status === 'alreadyGone') return { ...base, action: 'deleted' };
    const tokens = outcome.status === 'failed' ? [outcome.errorCode, outcome.message] : ['UNKNOWN_ERROR', outcome.reason];
    return { ...base, action: 'failed', reason: 'WRITE_FAILED', message: describe({ reason: 'WRITE_FAILED', tokens }) };
  });
}

/** The running user's own assignments that the file does not list: kept, and said so (RUNNING_USER). */
export function keptResults(rows: readonly RemovedAssignment[]): AssignmentResult[] {
  return rows.map((row) => ({ ...baseOf(row), action: 'unchanged', warnings: ['RUNNING_USER'] }));
}
