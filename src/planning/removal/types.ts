/**
 * What a command that takes access away removes, as plain data: the rows `permset unassign`, `permset assign --sync`
 * and `psl reclaim` delete, in the shape the shared backup file keeps them and `permset restore` reads them back.
 * Each row carries everything needed to create it again: the user, the target (by Id and by name, since a target
 * recreated in between has a new Id) and the expiration.
 */

/** The operation that wrote a backup; `retire` backups hold a RetireSnapshot instead of removed rows. */
export type BackupOperation = 'retire' | 'unassign' | 'sync' | 'reclaim';
export type RemovalOperation = Exclude<BackupOperation, 'retire'>;

/** A PermissionSetAssignment removed: a direct permission set assignment, or a group assignment (as a group). */
export type RemovedAssignment = {
  /** The PermissionSetAssignment Id it had. */
  id: string;
  assigneeId: string;
  username: string;
  kind: 'permissionSet' | 'permissionSetGroup';
  /** The permission set's Id, or for a group assignment the group's Id (never its aggregate set's). */
  targetId: string;
  /** Qualified API name (`ns__Name`): Name of the set, DeveloperName of the group. */
  targetName: string;
  expirationDate: string | null;
};

/** A PermissionSetLicenseAssign removed (a seat given back). */
export type RemovedLicenseAssignment = {
  id: string;
  assigneeId: string;
  username: string;
  licenseId: string;
  /** The license's DeveloperName. */
  licenseName: string;
};

/** Everything one removal run deleted (or was about to), in the order a restore recreates it: seats, then assignments. */
export type RemovalSnapshot = {
  assignments: RemovedAssignment[];
  licenseAssignments: RemovedLicenseAssignment[];
};

/** The rows of `prior` and `next` together, each Id once (a resumed run adds what it deletes now). */
export function mergeRemovals(prior: RemovalSnapshot, next: RemovalSnapshot): RemovalSnapshot {
  const union = <T extends { id: string }>(a: readonly T[], b: readonly T[]): T[] => {
    const seen = new Set(a.map((row) => row.id));
    return [...a, ...b.filter((row) => !seen.has(row.id))];
  };
  return { assignments: union(prior.assignments, next.assignments), licenseAssignments: union(prior.licenseAssignments, next.licenseAssignments) };
}

/** The command that writes each operation's backups, for messages about a backup. */
export const OPERATION_COMMANDS: Readonly<Record<BackupOperation, string>> = {
  retire: 'sf psg retire',
  unassign: 'sf permset unassign',
  sync: 'sf permset assign --sync',
  reclaim: 'sf psl reclaim',
};
