import { OrgGateway, connectionPort } from '../../src/gateway/index.js';
import { writeNewBackup } from '../../src/io/backup-file.js';
import { type RemovalOperation, type RemovalSnapshot, type RemovedAssignment, type RemovedLicenseAssignment } from '../../src/planning/removal/types.js';
import { deleteRemovals } from '../../src/services/removal/delete-removals.js';
import { type RunningEmulator } from '../emulator/index.js';
import { emulatorConnection } from './emulator-connection.js';
import { type Dump, type TestOrg } from './org-harness.js';

/**
 * Removal backups made the way `permset unassign`, `permset assign --sync` and `psl reclaim` make them, for tests
 * of `permset restore`: the rows are read out of the emulator org through the plugin's gateway, written with
 * writeNewBackup under the operation's name, then deleted with the plugin's delete executor (assignments first,
 * then seats).
 */

export async function gatewayOf(org: Pick<TestOrg, 'accessToken' | 'instanceUrl'>): Promise<OrgGateway> {
  const connection = await emulatorConnection({ accessToken: org.accessToken, instanceUrl: org.instanceUrl } as RunningEmulator);
  return new OrgGateway(connectionPort(connection));
}

type AssignmentRow = {
  Id: string;
  AssigneeId: string;
  Assignee: { Username: string };
  PermissionSetId: string;
  PermissionSet: { Name: string };
  PermissionSetGroupId: string | null;
  PermissionSetGroup: { DeveloperName: string } | null;
  ExpirationDate: string | null;
};
type SeatRow = { Id: string; AssigneeId: string; Assignee: { Username: string }; PermissionSetLicenseId: string; PermissionSetLicense: { DeveloperName: string } };

/** Every assignment and seat of the org except profile-owned sets, as removal rows. */
export async function readRemovable(gateway: OrgGateway): Promise<RemovalSnapshot> {
  const assignments = await gateway.query<AssignmentRow>(
    'SELECT Id, AssigneeId, Assignee.Username, PermissionSetId, PermissionSet.Name, PermissionSetGroupId, PermissionSetGroup.DeveloperName, ExpirationDate FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false'
  );
  const seats = await gateway.query<SeatRow>('SELECT Id, AssigneeId, Assignee.Username, PermissionSetLicenseId, PermissionSetLicense.DeveloperName FROM PermissionSetLicenseAssign');
  return {
    assignments: assignments.map(
      (a): RemovedAssignment => ({
        id: a.Id,
        assigneeId: a.AssigneeId,
        username: a.Assignee.Username,
        kind: a.PermissionSetGroupId ? 'permissionSetGroup' : 'permissionSet',
        targetId: a.PermissionSetGroupId ?? a.PermissionSetId,
        targetName: a.PermissionSetGroup?.DeveloperName ?? a.PermissionSet.Name,
        expirationDate: a.ExpirationDate,
      })
    ),
    licenseAssignments: seats.map(
      (s): RemovedLicenseAssignment => ({
        id: s.Id,
        assigneeId: s.AssigneeId,
        username: s.Assignee.Username,
        licenseId: s.PermissionSetLicenseId,
        licenseName: s.PermissionSetLicense.DeveloperName,
      })
    ),
  };
}

/** The rows of `all` that `keep` picks: assignments by "username|target", seats by "username|license". */
export function pick(all: RemovalSnapshot, assignments: string[], seats: string[] = []): RemovalSnapshot {
  const chosen = {
    assignments: all.assignments.filter((a) => assignments.includes(`${a.username}|${a.targetName}`)),
    licenseAssignments: all.licenseAssignments.filter((s) => seats.includes(`${s.username}|${s.licenseName}`)),
  };
  if (chosen.assignments.length !== assignments.length || chosen.licenseAssignments.length !== seats.length) {
    throw new Error(`not every row was found: ${JSON.stringify({ assignments, seats })}`);
  }
  return chosen;
}

/** Writes the backup of `removed` at `path` (as `operation` does), then deletes those rows from the org. */
export async function backUpAndRemove(gateway: OrgGateway, path: string, operation: RemovalOperation, orgId: string, removed: RemovalSnapshot): Promise<void> {
  await writeNewBackup(path, { operation, orgId, createdAt: new Date().toISOString(), removed });
  const outcomes = await deleteRemovals(gateway, removed);
  const failed = [...outcomes].filter(([, o]) => o.status !== 'deleted');
  if (failed.length > 0) throw new Error(`deletes failed: ${JSON.stringify(failed)}`);
}

/**
 * The org's access as the restore must give it back: each assignment as "username|target name|expiration" (profile
 * sets left out), each seat as "username|license", and each license's UsedLicenses; sorted, so duplicates show.
 */
export function accessKeys(dump: Dump): { assignments: string[]; seats: string[]; used: string[] } {
  const users = new Map(dump.records.User.map((u) => [u.Id, String(u.Username)]));
  const sets = new Map(dump.records.PermissionSet.map((p) => [p.Id, p]));
  const groups = new Map(dump.records.PermissionSetGroup.map((g) => [g.Id, String(g.DeveloperName)]));
  const licenses = dump.records.PermissionSetLicense ?? [];
  const licenseNames = new Map(licenses.map((l) => [l.Id, String(l.DeveloperName)]));
  const assignments = dump.records.PermissionSetAssignment.filter((a) => sets.get(a.PermissionSetId)?.IsOwnedByProfile !== true).map((a) => {
    const target = typeof a.PermissionSetGroupId === 'string' ? groups.get(a.PermissionSetGroupId) : String(sets.get(a.PermissionSetId)?.Name);
    return `${users.get(a.AssigneeId)}|${target}|${typeof a.ExpirationDate === 'string' ? a.ExpirationDate : ''}`;
  });
  const seats = (dump.records.PermissionSetLicenseAssign ?? []).map((s) => `${users.get(s.AssigneeId)}|${licenseNames.get(s.PermissionSetLicenseId)}`);
  return { assignments: assignments.sort(), seats: seats.sort(), used: licenses.map((l) => `${String(l.DeveloperName)}:${String(l.UsedLicenses)}`).sort() };
}
