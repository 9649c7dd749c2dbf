import { type UnassignRowPlan } from '../../planning/removal/unassign-plan.js';
import { type DeleteOutcome } from '../removal/delete-removals.js';
import { afterDelete } from '../assign/removal-results.js';
import { type AssignmentResult } from '../assign/results.js';
import { type Describe } from '../assign/to-results.js';

/** A planned row as a result: blocked and unchanged are final; a row to delete is toDelete until its delete answers. */
export function plannedResult(plan: UnassignRowPlan, describe: Describe): AssignmentResult {
  const target = plan.targetName === '' ? {} : plan.kind === 'permissionSet' ? { permissionSet: plan.targetName } : { permissionSetGroup: plan.targetName };
  const base = { username: plan.user?.username ?? plan.row.user, ...(plan.user ? { userId: plan.user.id } : {}), ...target };
  if (plan.action === 'blocked') return { ...base, action: 'blocked', reason: plan.blocker!.reason, message: describe(plan.blocker!) };
  if (plan.action === 'unchanged') return { ...base, action: 'unchanged' };
  return { ...base, action: 'toDelete', id: plan.removal!.id, expirationDate: plan.removal!.expirationDate };
}

/** The rows to delete, with what their delete did (see afterDelete). */
export function withOutcomes(results: AssignmentResult[], outcomes: ReadonlyMap<string, DeleteOutcome>, describe: Describe): AssignmentResult[] {
  // In place: a 100,000-row run keeps one array of results, not two.
  results.forEach((result, i) => {
    if (result.action === 'toDelete') results[i] = afterDelete(result, outcomes.get(result.id!), describe);
  });
  return results;
}
