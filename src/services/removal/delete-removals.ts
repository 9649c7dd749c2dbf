import { type OrgGateway, type WriteOutcome } from '../../gateway/index.js';
import { type RemovalSnapshot } from '../../planning/removal/types.js';

/** What became of one row a removal meant to delete. */
export type DeleteOutcome =
  | { status: 'deleted' }
  /** Not there any more when the delete came (an earlier, interrupted run, or someone else, removed it). */
  | { status: 'alreadyGone' }
  | { status: 'failed'; errorCode: string; message: string }
  /** A seat not attempted because an assignment of the same user that needs it could not be deleted. */
  | { status: 'skipped'; reason: 'ASSIGNMENT_NOT_DELETED' };

/** Deletes in flight at once: rows of distinct users land in any order (as assign's creates do). */
const DELETE_LANES = { concurrency: 4 };

export type DeleteProgress = (done: number, total: number) => void;

/**
 * Deletes the rows of a removal, through the gateway's collections (200 Ids a request): the permission set and group
 * assignments first, then the license seats, since Salesforce refuses to take back a seat while an assigned set
 * still needs it. A seat whose user kept one of this run's assignments (its delete failed) is not attempted.
 * The caller has written the backup of every row before calling. Outcomes are keyed by record Id.
 */
export async function deleteRemovals(gateway: OrgGateway, removal: RemovalSnapshot, onProgress?: DeleteProgress): Promise<Map<string, DeleteOutcome>> {
  const outcomes = new Map<string, DeleteOutcome>();
  const total = removal.assignments.length + removal.licenseAssignments.length;
  const assignmentIds = removal.assignments.map((a) => a.id);
  const first = await gateway.delete(assignmentIds, (done) => onProgress?.(done, total), DELETE_LANES);
  assignmentIds.forEach((id, i) => outcomes.set(id, outcomeOf(first[i])));

  const kept = new Set(removal.assignments.filter((a) => outcomes.get(a.id)?.status === 'failed').map((a) => a.assigneeId));
  const seats = removal.licenseAssignments.filter((seat) => !kept.has(seat.assigneeId));
  for (const seat of removal.licenseAssignments) if (kept.has(seat.assigneeId)) outcomes.set(seat.id, { status: 'skipped', reason: 'ASSIGNMENT_NOT_DELETED' });
  const second = await gateway.delete(
    seats.map((s) => s.id),
    (done) => onProgress?.(assignmentIds.length + done, total),
    DELETE_LANES
  );
  seats.forEach((seat, i) => outcomes.set(seat.id, outcomeOf(second[i])));
  return outcomes;
}

function outcomeOf(outcome: WriteOutcome | undefined): DeleteOutcome {
  if (outcome?.success) return outcome.alreadyDone ? { status: 'alreadyGone' } : { status: 'deleted' };
  return { status: 'failed', errorCode: outcome?.errorCode ?? 'UNKNOWN_ERROR', message: outcome?.message ?? 'no answer' };
}
