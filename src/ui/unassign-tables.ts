import { type UnassignResult } from '../services/unassign/unassign-service.js';

/** The summary line's tokens (messages/permset.unassign.md info.Summary / info.SummaryDryRun). */
export function summaryTokens(result: UnassignResult): string[] {
  const s = result.summary;
  const requests = `${s.requests.reads} reads, ${s.requests.writes} writes${s.requests.retries ? `, ${s.requests.retries} retries` : ''}`;
  return [s.total, s.dryRun ? s.toDelete : s.deleted, s.unchanged, s.blocked, s.failed].map(String).concat(requests);
}

/** One row per permission set or group named: what was removed (or would be), left as it was, refused, failed. */
export function removalTargetRows(result: UnassignResult): Array<Record<string, string | number>> {
  return result.summary.byTarget.map((t) => ({
    Name: t.name,
    Type: t.kind === 'permissionSet' ? 'Permission set' : 'Group',
    [result.summary.dryRun ? 'To delete' : 'Deleted']: t.deleted,
    Unchanged: t.unchanged,
    Blocked: t.blocked,
    Failed: t.failed,
  }));
}
