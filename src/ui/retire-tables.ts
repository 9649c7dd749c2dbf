import { type RetireResult } from '../services/retire/retire-service.js';
import { type RestoreResult } from '../services/retire/restore-service.js';

/** One row per group the permission set is or was a member of. */
export function groupRows(result: RetireResult): Array<Record<string, string>> {
  return result.groups.map((g) => ({ Group: g.name, Status: g.status, Detach: g.detach ? 'yes' : 'done earlier' }));
}

/** Tokens of the dry run's plan line (messages/psg.retire.md info.Plan). */
export function planTokens(result: RetireResult): string[] {
  const detach = result.groups.filter((g) => g.detach).length;
  const deleted = [result.target.name, ...(result.mutingPermissionSet?.action === 'toDelete' ? ['its muting permission set'] : [])].join(' + ');
  const users = result.assignments.users.length > 0 ? ` (${result.assignments.users.join(', ')})` : '';
  return [result.target.name, String(detach), String(result.assignments.count), users, deleted];
}

/** Tokens of the restore summary line (messages/psg.restore.md info.Restored). */
export function restoredTokens(result: RestoreResult): string[] {
  const kind = result.target.kind === 'group' ? 'permission set group' : 'permission set';
  return [
    `${kind} ${result.target.name}`,
    result.target.recreated ? 'recreated' : 'already present',
    String(result.permissionRowsCreated),
    String(result.memberships.filter((m) => m.action === 'create').length),
    String(result.assignments.filter((a) => a.action === 'create').length),
  ];
}

const SKIP_REASON: Record<string, string> = {
  groupMissing: 'group no longer exists',
  memberMissing: 'member permission set no longer exists',
  userMissing: 'user no longer exists',
  userInactive: 'user is inactive',
  expired: 'expiration date has passed',
};

/** What a restore could not put back, one short phrase each. */
export function skippedItems(result: RestoreResult): string[] {
  return [
    ...result.memberships.filter((m) => SKIP_REASON[m.action]).map((m) => `${m.group} (${SKIP_REASON[m.action]})`),
    ...result.assignments
      .filter((a) => SKIP_REASON[a.action] || a.action === 'failed')
      .map((a) => `assignment of ${a.username} (${a.action === 'failed' ? `refused: ${a.error ?? 'ERROR'}` : SKIP_REASON[a.action]})`),
  ];
}
