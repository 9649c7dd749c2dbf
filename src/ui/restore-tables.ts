import { OPERATION_COMMANDS } from '../planning/removal/types.js';
import { type RemovalRestoreResult, type RestoredAssignment, type RestoredSeat, type RestoreRowAction } from '../services/restore/restore-results.js';

/** The tables and the summary of `permset restore` for a removal backup; the words come from messages/permset.restore.md. */

const NOT_RESTORED: ReadonlySet<RestoreRowAction> = new Set(['userMissing', 'userInactive', 'targetMissing', 'seatsExhausted', 'groupNotUpdated', 'licenseMissing', 'licenseNotHeld', 'failed']);

const nameOf = (a: RestoredAssignment): string => a.permissionSet ?? a.permissionSetGroup ?? '';
const typeOf = (a: RestoredAssignment): string => (a.permissionSetGroup !== undefined ? 'Permission set group' : 'Permission set');

/** Tokens of info.Summary / info.DryRunSummary. */
export function summaryTokens(result: RemovalRestoreResult): string[] {
  const s = result.summary;
  const made = (rows: ReadonlyArray<{ action: RestoreRowAction }>): number => rows.filter((r) => r.action === (s.dryRun ? 'toCreate' : 'created')).length;
  const head = [result.backupFile, OPERATION_COMMANDS[result.operation], String(made(result.licenseAssignments)), String(made(result.assignments)), String(s.present), String(s.expired)];
  return s.dryRun ? [...head, String(s.notRestored + s.failed)] : [...head, String(s.notRestored), String(s.failed)];
}

/** One row per license and per permission set or group: what was (or would be) created, present, not restored. */
export function targetRows(result: RemovalRestoreResult): Array<Record<string, string | number>> {
  const created = result.summary.dryRun ? 'To create' : 'Created';
  const rows = new Map<string, Record<string, string | number>>();
  const count = (name: string, type: string, action: RestoreRowAction): void => {
    const row = rows.get(`${type}:${name}`) ?? { Name: name, Type: type, [created]: 0, Present: 0, Expired: 0, 'Not restored': 0 };
    const column = action === 'created' || action === 'toCreate' ? created : action === 'present' ? 'Present' : action === 'expired' ? 'Expired' : 'Not restored';
    row[column] = Number(row[column]) + 1;
    rows.set(`${type}:${name}`, row);
  };
  for (const seat of result.licenseAssignments) count(seat.license, 'License seat', seat.action);
  for (const a of result.assignments) count(nameOf(a), typeOf(a), a.action);
  return [...rows.values()];
}

/** Every row that could not be restored, with the reason. */
export function notRestoredRows(result: RemovalRestoreResult): Array<Record<string, string>> {
  const row = (r: RestoredSeat | RestoredAssignment, what: string): Record<string, string> => ({ User: r.username, What: what, Reason: r.action, Why: r.message ?? '' });
  return [
    ...result.licenseAssignments.filter((s) => NOT_RESTORED.has(s.action)).map((s) => row(s, `${s.license} (license seat)`)),
    ...result.assignments.filter((a) => NOT_RESTORED.has(a.action)).map((a) => row(a, nameOf(a))),
  ];
}
