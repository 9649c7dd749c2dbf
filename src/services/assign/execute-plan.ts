import { type OrgGateway, type WriteOutcome } from '../../gateway/index.js';
import { type BatchPlan, type RowPlan } from '../../planning/assignment/plan-batch.js';

/** The org's answer for each row of a batch plan that needed a write, by position in plan.rows. */
export type WriteAnswer = { success: true; id?: string } | { success: false; errorCode: string; message: string };

export type ProgressListener = (written: number) => void;

/**
 * Collections requests in flight at once. Assignments of distinct users land in any order, and a large run spends
 * most of its time waiting on the org: four lanes cut that wait about fourfold, as the gateway's chunked reads do.
 * A row refused with UNABLE_TO_LOCK_ROW (lanes contending for one record) rides along in the next batch.
 */
const WRITE_LANES = { concurrency: 4 };

/**
 * Writes one batch plan: the PSL seats that group assignments need first (PermissionSetLicenseAssign, a setup
 * object collections cannot mix with others anyway), then new assignments, then expiration updates - all through
 * the gateway's collections, 200 a request. A row whose PSL seat could not be assigned is not attempted.
 */
export async function executePlan(
  gateway: OrgGateway,
  plan: BatchPlan,
  onProgress?: ProgressListener
): Promise<{ answers: Map<number, WriteAnswer>; seatsAssigned: number }> {
  const answers = new Map<number, WriteAnswer>();
  let written = 0;
  const progress = (base: number) => (done: number): void => onProgress?.(base + done);

  const pslFailures = await createPslSeats(gateway, plan, progress(written));
  written += plan.pslAssignments.length;

  const creates: Array<{ position: number; row: RowPlan }> = [];
  const updates: Array<{ position: number; row: RowPlan }> = [];
  plan.rows.forEach((row, position) => {
    const failedSeat = row.pslPrerequisites.map((key) => pslFailures.get(key)).find(Boolean);
    if (failedSeat) answers.set(position, failedSeat);
    else if (row.action === 'create') creates.push({ position, row });
    else if (row.action === 'update') updates.push({ position, row });
  });

  const created = await gateway.create('PermissionSetAssignment', creates.map(({ row }) => createRecord(row)), progress(written), WRITE_LANES);
  written += creates.length;
  record(answers, creates, created);
  const updated = await gateway.update(
    'PermissionSetAssignment',
    updates.map(({ row }) => ({ Id: row.assignmentId!, ExpirationDate: row.expiration ?? null })),
    progress(written),
    WRITE_LANES
  );
  record(answers, updates, updated);
  return { answers, seatsAssigned: plan.pslAssignments.length - pslFailures.size };
}

async function createPslSeats(gateway: OrgGateway, plan: BatchPlan, onProgress: ProgressListener): Promise<Map<string, WriteAnswer>> {
  const failures = new Map<string, WriteAnswer>();
  if (plan.pslAssignments.length === 0) return failures;
  const outcomes = await gateway.create(
    'PermissionSetLicenseAssign',
    plan.pslAssignments.map((p) => ({ AssigneeId: p.assigneeId, PermissionSetLicenseId: p.pslId })),
    onProgress,
    WRITE_LANES
  );
  outcomes.forEach((outcome, i) => {
    if (outcome.success) return;
    const { assigneeId, pslId } = plan.pslAssignments[i];
    failures.set(`${assigneeId}:${pslId}`, answerOf(outcome));
  });
  return failures;
}

function createRecord(row: RowPlan): Record<string, unknown> {
  const target = row.row.kind === 'permissionSet' ? { PermissionSetId: row.targetId } : { PermissionSetGroupId: row.targetId };
  return {
    AssigneeId: row.user!.id,
    ...target,
    ...(row.expiration ? { ExpirationDate: row.expiration } : {}),
  };
}

function record(answers: Map<number, WriteAnswer>, items: Array<{ position: number }>, outcomes: WriteOutcome[]): void {
  items.forEach(({ position }, i) => answers.set(position, answerOf(outcomes[i])));
}

function answerOf(outcome: WriteOutcome): WriteAnswer {
  return outcome.success
    ? { success: true, id: outcome.id }
    : { success: false, errorCode: outcome.errorCode ?? 'UNKNOWN_ERROR', message: outcome.message ?? '' };
}
