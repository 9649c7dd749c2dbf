import { type AssignResult } from '../services/assign/results.js';

/** Rows for the per-target summary table. */
export function targetRows(result: AssignResult): Array<Record<string, string | number>> {
  const dry = result.summary.dryRun;
  return result.summary.byTarget.map((t) => ({
    Name: t.name,
    Type: t.kind === 'permissionSet' ? 'Permission set' : 'Group',
    [dry ? 'To create' : 'Created']: t.created,
    [dry ? 'To update' : 'Updated']: t.updated,
    Unchanged: t.unchanged,
    Blocked: t.blocked,
    Failed: t.failed,
  }));
}

/** Rows for the table of every assignment that does not hold. */
export function problemRows(result: AssignResult): Array<Record<string, string>> {
  return result.assignments
    .filter((a) => a.action === 'blocked' || a.action === 'failed')
    .map((a) => ({
      User: a.username,
      'Permission set or group': a.permissionSet ?? a.permissionSetGroup ?? '',
      Reason: a.reason ?? '',
      Message: a.message ?? '',
    }));
}

/** One line: created 3, updated 1, unchanged 2, blocked 1, failed 0. */
export function summaryLine(result: AssignResult): string {
  const s = result.summary;
  const parts = s.dryRun
    ? [`to create ${s.toCreate}`, `to update ${s.toUpdate}`]
    : [`created ${s.created}`, `updated ${s.updated}`];
  parts.push(`unchanged ${s.unchanged}`, `blocked ${s.blocked}`, `failed ${s.failed}`);
  const requests = `${s.requests.reads} reads, ${s.requests.writes} writes${s.requests.retries ? `, ${s.requests.retries} retries` : ''}`;
  return `${s.total} assignments: ${parts.join(', ')} (${requests}).`;
}
