import { type GatewayStats, type WriteOutcome } from '../../gateway/index.js';
import { type AssignmentStep, type RestorePlan, type RestoreStepAction, type SeatStep, restoreHolds } from '../../planning/removal/restore-plan.js';
import { type RemovalOperation } from '../../planning/removal/types.js';

/**
 * What became of a backed-up row: created (`toCreate` in a dry run), already there (`present`), expired meanwhile,
 * refused by Salesforce (`failed`), or one of the plan's reasons it could not be restored.
 */
export type RestoreRowAction = 'created' | 'toCreate' | 'failed' | Exclude<RestoreStepAction, 'create'>;

/** Explains a row that is not simply created or present, in the user's words (messages/permset.restore.md). */
export type Describe = (action: RestoreRowAction, tokens: string[]) => string;

export type RestoredSeat = {
  username: string;
  userId: string;
  /** The license's DeveloperName. */
  license: string;
  /** The license's Id in the org now (found by Id, else by name); null when it exists under neither. */
  licenseId: string | null;
  action: RestoreRowAction;
  /** Why it was not restored (or what Salesforce answered), for every action but created, toCreate and present. */
  message?: string;
  /** The new PermissionSetLicenseAssign's Id. */
  id?: string;
};

export type RestoredAssignment = {
  username: string;
  userId: string;
  permissionSet?: string;
  permissionSetGroup?: string;
  /** The set's or group's Id in the org now (a target recreated since the backup has a new one); null when missing. */
  targetId: string | null;
  expirationDate: string | null;
  action: RestoreRowAction;
  message?: string;
  /** The new PermissionSetAssignment's Id. */
  id?: string;
};

export type RemovalRestoreSummary = {
  dryRun: boolean;
  total: number;
  created: number;
  toCreate: number;
  present: number;
  expired: number;
  /** Rows the plan could not restore (user, target or license missing, inactive user, no seat, group not Updated…). */
  notRestored: number;
  /** Creates Salesforce refused. */
  failed: number;
  requests: GatewayStats;
};

export type RemovalRestoreResult = {
  operation: RemovalOperation;
  /** restored: every row is back, present or expired; partial: some are not; failed: none could be. */
  status: 'restored' | 'partial' | 'failed';
  backupFile: string;
  summary: RemovalRestoreSummary;
  licenseAssignments: RestoredSeat[];
  assignments: RestoredAssignment[];
};

/** The outcome of each create, by plan step. */
export type Outcomes = { seats: Map<SeatStep, WriteOutcome>; assignments: Map<AssignmentStep, WriteOutcome> };

type RowEnd = { action: RestoreRowAction; message?: string; id?: string };

function endOf(step: { action: RestoreStepAction; tokens: string[] }, outcome: WriteOutcome | undefined, dryRun: boolean, describe: Describe): RowEnd {
  if (step.action !== 'create') return step.action === 'present' ? { action: 'present' } : { action: step.action, message: describe(step.action, step.tokens) };
  if (dryRun) return { action: 'toCreate' };
  if (outcome?.success) return { action: 'created', ...(outcome.id ? { id: outcome.id } : {}) };
  const refusal = [outcome?.errorCode ?? 'UNKNOWN_ERROR', outcome?.message ?? 'no answer'];
  return { action: 'failed', message: describe('failed', refusal) };
}

function nameField(step: AssignmentStep): Pick<RestoredAssignment, 'permissionSet' | 'permissionSetGroup'> {
  const name = step.target?.name ?? step.row.targetName;
  return step.row.kind === 'permissionSet' ? { permissionSet: name } : { permissionSetGroup: name };
}

export function buildResult(
  head: { operation: RemovalOperation; backupFile: string; dryRun: boolean; requests: GatewayStats },
  plan: RestorePlan,
  outcomes: Outcomes,
  describe: Describe
): RemovalRestoreResult {
  const licenseAssignments = plan.seats.map(
    (s): RestoredSeat => ({
      username: s.user?.username ?? s.row.username,
      userId: s.row.assigneeId,
      license: s.license?.name ?? s.row.licenseName,
      licenseId: s.license?.id ?? null,
      ...endOf(s, outcomes.seats.get(s), head.dryRun, describe),
    })
  );
  const assignments = plan.assignments.map(
    (a): RestoredAssignment => ({
      username: a.user?.username ?? a.row.username,
      userId: a.row.assigneeId,
      ...nameField(a),
      targetId: a.target?.id ?? null,
      expirationDate: a.row.expirationDate,
      ...endOf(a, outcomes.assignments.get(a), head.dryRun, describe),
    })
  );
  const actions = [...licenseAssignments, ...assignments].map((r) => r.action);
  const count = (...of: RestoreRowAction[]): number => actions.filter((a) => of.includes(a)).length;
  const holding = actions.filter(restoreHolds).length;
  return {
    operation: head.operation,
    status: holding === actions.length ? 'restored' : holding > 0 ? 'partial' : 'failed',
    backupFile: head.backupFile,
    summary: {
      dryRun: head.dryRun,
      total: actions.length,
      created: count('created'),
      toCreate: count('toCreate'),
      present: count('present'),
      expired: count('expired'),
      notRestored: actions.length - holding - count('failed'),
      failed: count('failed'),
      requests: head.requests,
    },
    licenseAssignments,
    assignments,
  };
}
