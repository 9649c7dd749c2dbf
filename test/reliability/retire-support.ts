import { readFileSync } from 'node:fs';
import { type RetireBackupFile, parseBackup } from '../../src/io/backup-file.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { type CommandRun, type Dump } from '../support/org-harness.js';

/**
 * Shared by the `psg retire` / `psg restore` reliability suites: the org they work on, and the check that a backup
 * file holds the permission set exactly as the org had it before the retirement.
 */

/** Legacy: three groups (G1 shared with Other), `assignees` direct assignments (rep1 expiring), permissions of three kinds. */
export function legacyOrg(assignees = 2): SeedBuilder {
  const builder = new SeedBuilder()
    .users('rep', Math.max(3, assignees))
    .permissionSet('Legacy', { Description: "Old access, O'Brien's team", PermissionsRunReports: true })
    .permissionSet('Other')
    .add('MutingPermissionSet', { ref: 'Mute', DeveloperName: 'Mute', MasterLabel: 'Mute', PermissionsRunReports: true })
    .group('G1', ['Legacy', 'Other'])
    .group('G2', ['Legacy'])
    .group('G3', ['Legacy'])
    .group('Team', ['Other', 'Mute'], { Description: 'the team' })
    .assign('rep1', 'Legacy', { ExpirationDate: '@now+30d' })
    .assignGroup('rep3', 'G1')
    .assignGroup('rep2', 'Team', { ExpirationDate: '@now+5d' })
    .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true })
    .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Case', PermissionsRead: true })
    .add('FieldPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', Field: 'Account.Rating', PermissionsRead: true })
    .add('SetupEntityAccess', { ParentId: 'ref:Legacy', SetupEntityId: '01p5g00000000AbAAI', SetupEntityType: 'ApexClass' });
  for (let i = 2; i <= assignees; i++) builder.assign(`rep${i}`, 'Legacy');
  return builder;
}

export const readBackupFile = (path: string): RetireBackupFile => parseBackup(readFileSync(path, 'utf8'), path) as RetireBackupFile;

type Row = Record<string, unknown>;

/**
 * What differs between a backup and the permission set `name` in `before` (the dump taken before the retirement):
 * its record, its permission rows, its group components and its direct assignments. Empty when the backup holds
 * the whole pre-retirement snapshot.
 */
export function backupMismatches(file: RetireBackupFile, before: Dump, name: string): string[] {
  const problems: string[] = [];
  const set = before.records.PermissionSet.find((p) => p.Name === name && p.PermissionSetGroupId == null && p.IsOwnedByProfile !== true);
  if (!set) return [`no permission set ${name} in the dump`];
  const { snapshot } = file;
  if (snapshot.target.kind !== 'permissionSet' || snapshot.target.id !== set.Id || snapshot.target.name !== name) problems.push(`target ${JSON.stringify(snapshot.target)}`);
  const content = snapshot.permissionSet;
  if (!content) return [...problems, 'no permission set content'];
  problems.push(...fieldsDiffer('PermissionSet', content.record, set));
  for (const field of ['Name', 'Label', 'Description', 'PermissionsRunReports']) if (!(field in content.record)) problems.push(`PermissionSet.${field} not backed up`);
  const rows: Array<[string, Row[]]> = [
    ['ObjectPermissions', content.objectPermissions],
    ['FieldPermissions', content.fieldPermissions],
    ['SetupEntityAccess', content.setupEntityAccess],
  ];
  for (const [type, backedUp] of rows) {
    const expected = before.records[type].filter((r) => r.ParentId === set.Id);
    const ids = (list: Row[]): string[] => list.map((r) => String(r.Id)).sort();
    if (JSON.stringify(ids(backedUp)) !== JSON.stringify(ids(expected))) problems.push(`${type}: backed up ${ids(backedUp).join(',')}, org had ${ids(expected).join(',')}`);
    for (const row of backedUp) problems.push(...fieldsDiffer(type, row, expected.find((r) => r.Id === row.Id) ?? {}));
  }
  const groups = new Map(before.records.PermissionSetGroup.map((g) => [g.Id, String(g.DeveloperName)]));
  const components = before.records.PermissionSetGroupComponent.filter((c) => c.PermissionSetId === set.Id);
  const memberships = snapshot.memberships.map((m) => `${m.groupId}|${m.groupName}|${m.componentId ?? ''}`).sort();
  const expectedMemberships = components.map((c) => `${String(c.PermissionSetGroupId)}|${groups.get(c.PermissionSetGroupId) ?? '?'}|${String(c.Id)}`).sort();
  if (JSON.stringify(memberships) !== JSON.stringify(expectedMemberships)) problems.push(`memberships ${memberships.join(' ')} != ${expectedMemberships.join(' ')}`);
  const users = new Map(before.records.User.map((u) => [u.Id, String(u.Username)]));
  const assignments = snapshot.assignments.map((a) => `${a.id}|${a.assigneeId}|${a.username}|${a.expirationDate ?? ''}`).sort();
  const expectedAssignments = before.records.PermissionSetAssignment.filter((a) => a.PermissionSetId === set.Id && a.PermissionSetGroupId == null)
    .map((a) => `${String(a.Id)}|${String(a.AssigneeId)}|${users.get(a.AssigneeId) ?? '?'}|${typeof a.ExpirationDate === 'string' ? a.ExpirationDate : ''}`)
    .sort();
  if (JSON.stringify(assignments) !== JSON.stringify(expectedAssignments)) problems.push(`assignments differ: ${assignments.length} backed up, ${expectedAssignments.length} in the org`);
  return problems;
}

function fieldsDiffer(type: string, backedUp: Row, org: Row): string[] {
  return Object.entries(backedUp)
    .filter(([field, value]) => field !== 'attributes' && JSON.stringify(value) !== JSON.stringify(org[field] ?? null))
    .map(([field, value]) => `${type}.${field}: backed up ${JSON.stringify(value)}, org had ${JSON.stringify(org[field])}`);
}

/** The PermissionSetGroupComponent, PermissionSetAssignment and permission rows that occur more than once. */
export function duplicates(dump: Dump): string[] {
  const keys: Record<string, (r: Row) => string> = {
    PermissionSetGroupComponent: (r) => `${String(r.PermissionSetGroupId)}|${String(r.PermissionSetId)}`,
    PermissionSetAssignment: (r) => `${String(r.AssigneeId)}|${String(r.PermissionSetId)}|${String(r.PermissionSetGroupId)}`,
    ObjectPermissions: (r) => `${String(r.ParentId)}|${String(r.SobjectType)}`,
    FieldPermissions: (r) => `${String(r.ParentId)}|${String(r.Field)}`,
    SetupEntityAccess: (r) => `${String(r.ParentId)}|${String(r.SetupEntityId)}`,
    PermissionSet: (r) => `${String(r.Name)}`,
  };
  const found: string[] = [];
  for (const [type, key] of Object.entries(keys)) {
    const seen = new Set<string>();
    for (const row of dump.records[type] ?? []) {
      const k = key(row);
      if (seen.has(k)) found.push(`${type} ${k}`);
      seen.add(k);
    }
  }
  return found;
}

/** A short account of a run for assertion messages. */
export const describeRun = (run: CommandRun): string => `exit ${run.code}\nstdout: ${run.stdout.slice(0, 1500)}\nstderr: ${run.stderr.slice(0, 1500)}`;
