import { readFileSync } from 'node:fs';
import { parseBackup, type RemovalBackupFile } from '../../src/io/backup-file.js';
import { type Dump } from '../support/org-harness.js';

/** A removal backup as the plugin wrote it (checked as `permset restore` checks it). */
export function readRemovalBackup(path: string): RemovalBackupFile {
  const file = parseBackup(readFileSync(path, 'utf8'), path);
  if (file.operation === 'retire') throw new Error(`${path} is a retirement backup`);
  return file;
}

/** Ids of every PermissionSetAssignment and PermissionSetLicenseAssign row in the dump. */
export function rowIds(dump: Dump): Set<string> {
  return new Set([...dump.records.PermissionSetAssignment, ...(dump.records.PermissionSetLicenseAssign ?? [])].map((r) => String(r.Id)));
}

/** Rows present `before` and gone `after` that no backup holds: what a removal would have lost. */
export function goneWithoutBackup(before: Dump, after: Dump, backups: readonly RemovalBackupFile[]): string[] {
  const now = rowIds(after);
  const backedUp = new Set(backups.flatMap((b) => [...b.removed.assignments, ...b.removed.licenseAssignments].map((r) => r.id)));
  return [...rowIds(before)].filter((id) => !now.has(id) && !backedUp.has(id));
}
