import { type BatchPlan, type RowPlan } from '../../planning/assignment/plan-batch.js';
import { type Action, type Blocker } from '../../planning/assignment/types.js';
import { type WriteAnswer } from './execute-plan.js';
import { type AssignmentResult } from './results.js';

/** Turns a blocker's code and tokens into the sentence a user reads (messages/permset.assign.md). */
export type Describe = (blocker: Blocker) => string;

/** One result per planned row, in input order, from the plan and the org's answers to its writes. */
export function toResults(plan: BatchPlan, answers: ReadonlyMap<number, WriteAnswer>, options: { dryRun: boolean; describe: Describe }): AssignmentResult[] {
  return plan.rows.map((row, position) => {
    const base = baseOf(row);
    if (row.action === 'blocked') {
      return { ...base, action: 'blocked', reason: row.blocker!.reason, message: options.describe(row.blocker!) };
    }
    const answer = answers.get(position);
    if (row.action !== 'unchanged' && !options.dryRun && !answer?.success) {
      const blocker: Blocker = {
        reason: 'WRITE_FAILED',
        tokens: [answer?.errorCode ?? 'UNKNOWN_ERROR', answer?.message ?? 'no answer'],
      };
      return { ...base, action: 'failed', reason: 'WRITE_FAILED', message: options.describe(blocker) };
    }
    return holding(row, row.warnings?.length ? { ...base, warnings: row.warnings } : base, options.dryRun, answer);
  });
}

/** A row that holds (or, in a dry run, would): unchanged, created or updated, with the row's warnings. */
function holding(row: RowPlan, base: Omit<AssignmentResult, 'action'>, dryRun: boolean, answer: WriteAnswer | undefined): AssignmentResult {
  if (row.action === 'unchanged') return { ...base, action: 'unchanged', id: row.assignmentId };
  if (dryRun) return { ...base, action: row.action === 'create' ? 'toCreate' : 'toUpdate', id: row.assignmentId, expirationDate: row.expiration ?? null };
  const action: Action = row.action === 'create' ? 'created' : 'updated';
  return { ...base, action, id: (answer?.success ? answer.id : undefined) ?? row.assignmentId, expirationDate: row.expiration ?? null };
}

function baseOf(row: RowPlan): Pick<AssignmentResult, 'username' | 'userId' | 'permissionSet' | 'permissionSetGroup'> {
  const target = row.row.kind === 'permissionSet' ? { permissionSet: row.targetName } : { permissionSetGroup: row.targetName };
  return { username: row.user?.username ?? row.row.user, userId: row.user?.id, ...target };
}
