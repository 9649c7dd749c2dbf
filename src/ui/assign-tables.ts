import { type AssignResult } from '../services/assign/results.js';

const targetKey = (kind: string, name: string): string => `${kind}:${name}`;

/** Session-based targets (SESSION_BASED on a row that holds), as `${kind}:${name}`, and their names for the hint. */
export function sessionBasedTargets(result: AssignResult): Map<string, string> {
  const found = new Map<string, string>();
  for (const a of result.assignments) {
    if (!a.warnings?.includes('SESSION_BASED')) continue;
    const kind = a.permissionSetGroup !== undefined ? 'permissionSetGroup' : 'permissionSet';
    const name = a.permissionSetGroup ?? a.permissionSet ?? '';
    found.set(targetKey(kind, name), name);
  }
  return found;
}

/**
 * Rows for the per-target summary table; a Warning column appears when a target is session-based (assigned, but
 * its access applies only while activated in a session).
 */
export function targetRows(result: AssignResult, sessionWarning = 'session-based', withDeletes = false): Array<Record<string, string | number>> {
  const dry = result.summary.dryRun;
  const sessions = sessionBasedTargets(result);
  return result.summary.byTarget.map((t) => ({
    Name: t.name,
    Type: t.kind === 'permissionSet' ? 'Permission set' : 'Group',
    [dry ? 'To create' : 'Created']: t.created,
    [dry ? 'To update' : 'Updated']: t.updated,
    ...(withDeletes ? { [dry ? 'To delete' : 'Deleted']: t.deleted } : {}),
    Unchanged: t.unchanged,
    Blocked: t.blocked,
    Failed: t.failed,
    ...(sessions.size > 0 ? { Warning: sessions.has(targetKey(t.kind, t.name)) ? sessionWarning : '' } : {}),
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

/** One line: created 3, updated 1, unchanged 2, blocked 1, failed 0 (and, with `withDeletes`, deleted 4 after updated). */
export function summaryLine(result: AssignResult, withDeletes = false): string {
  const s = result.summary;
  const parts = s.dryRun
    ? [`to create ${s.toCreate}`, `to update ${s.toUpdate}`]
    : [`created ${s.created}`, `updated ${s.updated}`];
  if (withDeletes) parts.push(s.dryRun ? `to delete ${s.toDelete}` : `deleted ${s.deleted}`);
  parts.push(`unchanged ${s.unchanged}`, `blocked ${s.blocked}`, `failed ${s.failed}`);
  const requests = `${s.requests.reads} reads, ${s.requests.writes} writes${s.requests.retries ? `, ${s.requests.retries} retries` : ''}`;
  return `${s.total} assignments: ${parts.join(', ')} (${requests}).`;
}

/**
 * Rows for the table of what a sync removes (or, in a dry run, would remove), the first `limit` of them; a plan
 * must show its deletes before anything runs, and the full list is in --json and in the backup.
 */
export function deletionRows(result: AssignResult, limit: number): { rows: Array<Record<string, string>>; more: number } {
  const removed = result.assignments.filter((a) => a.action === 'toDelete' || a.action === 'deleted');
  const rows = removed.slice(0, limit).map((a) => ({
    User: a.username,
    'Permission set or group': a.permissionSet ?? `${a.permissionSetGroup ?? ''} (group)`,
    Expires: a.expirationDate ?? '',
  }));
  return { rows, more: removed.length - rows.length };
}
