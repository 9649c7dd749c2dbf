import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RemovalBackupFile, serializeBackup } from '../../src/io/backup-file.js';
import { type BadInputCase, CATALOGUE_ORG_ID } from './bad-input-cases.js';

/**
 * Issue 17's bad input for `permset restore`: a backup that is missing, damaged, edited, forged (re-checksummed with
 * values no command writes), of another org, or a flag out of range. Each is refused naming the file, before a write.
 */

function file(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A backup as `permset unassign` writes it, of one assignment in the catalogue org; `edit` changes it and recomputes the sha256. */
function removalText(options: { orgId?: string; edit?: (file: RemovalBackupFile) => void } = {}): string {
  const content = {
    operation: 'unassign' as const,
    orgId: options.orgId ?? CATALOGUE_ORG_ID,
    createdAt: '2030-01-01T00:00:00.000Z',
    removed: {
      assignments: [
        { id: '0Pa5g00000Gone2CAA', assigneeId: '0055g00000Gone2AAA', username: 'u1@test.org', kind: 'permissionSet' as const, targetId: '0PS5g00000Gone2GAA', targetName: 'Sales', expirationDate: null },
      ],
      licenseAssignments: [],
    },
  };
  if (!options.edit) return serializeBackup(content);
  const parsed = JSON.parse(serializeBackup(content)) as RemovalBackupFile;
  options.edit(parsed);
  const { operation, orgId, createdAt, removed } = parsed;
  return serializeBackup({ operation, orgId, createdAt, removed });
}

/** A retirement's backup, for the one case about it (--dry-run). */
function retireText(): string {
  return serializeBackup({
    orgId: CATALOGUE_ORG_ID,
    createdAt: '2030-01-01T00:00:00.000Z',
    snapshot: {
      target: { kind: 'permissionSet', id: '0PS5g00000Gone3GAA', name: 'Gone_Set' },
      permissionSet: { record: { Id: '0PS5g00000Gone3GAA', Name: 'Gone_Set', Label: 'Gone Set' }, objectPermissions: [], fieldPermissions: [], setupEntityAccess: [] },
      memberships: [],
      assignments: [],
    },
  });
}

const restore = (path: string, ...args: string[]): string[] => ['permset', 'restore', '-f', path, ...args];

export const PERMSET_RESTORE_CASES: BadInputCase[] = [
  { name: 'no --file', args: () => ['permset', 'restore'], code: 2, message: /Missing required flag file/ },
  { name: 'a backup file that does not exist', args: (d) => restore(join(d, 'ps-nope.json')), code: 1, message: /Backup file .*ps-nope\.json does not exist/ },
  { name: 'a folder instead of a backup file', args: (d) => { mkdirSync(join(d, 'ps-folder.json'), { recursive: true }); return restore(join(d, 'ps-folder.json')); }, code: 1, message: /ps-folder\.json can't be read as JSON \(EISDIR/ },
  {
    name: 'a truncated removal backup',
    args: (d) => {
      const text = removalText();
      return restore(file(d, 'ps-cut.json', text.slice(0, Math.floor(text.length / 2))));
    },
    code: 1,
    message: /ps-cut\.json can't be read as JSON .*it may be truncated/,
  },
  { name: 'an edited removal backup (checksum)', args: (d) => restore(file(d, 'ps-edited.json', removalText().replace('u1@test.org', 'u2@test.org'))), code: 1, message: /ps-edited\.json was changed after it was written/ },
  { name: 'a JSON file that is not a backup', args: (d) => restore(file(d, 'ps-other.json', '{"hello": "world"}')), code: 1, message: /ps-other\.json is not a usable plugin-permset-ops backup/ },
  {
    name: 'a backup of an operation no command writes',
    args: (d) => restore(file(d, 'ps-purge.json', removalText().replace('"operation": "unassign"', '"operation": "purge"'))),
    code: 1,
    message: /ps-purge\.json is not a usable plugin-permset-ops backup: operation "purge" is not one this plugin writes/,
  },
  {
    name: 'a re-checksummed removal backup with SOQL as a user Id',
    args: (d) => restore(file(d, 'ps-forged-id.json', removalText({ edit: (f) => (f.removed.assignments[0].assigneeId = "005' OR Id != '") }))),
    code: 1,
    message: /ps-forged-id\.json holds a value that the plugin never writes \(removed\.assignments\[0\]\.assigneeId .* is not a Salesforce Id\)/,
  },
  {
    name: 'a re-checksummed removal backup naming a group Id as a permission set',
    args: (d) => restore(file(d, 'ps-forged-kind.json', removalText({ edit: (f) => (f.removed.assignments[0].targetId = '0PG5g00000Gone2GAA') }))),
    code: 1,
    message: /ps-forged-kind\.json holds a value that the plugin never writes \(removed\.assignments\[0\]\.targetId .* is not an Id of a 0PS record\)/,
  },
  { name: 'a removal backup of another org', args: (d) => restore(file(d, 'ps-foreign.json', removalText({ orgId: '00D5g00000OTHEREA5' }))), code: 1, message: /ps-foreign\.json belongs to org 00D5g00000OTHEREA5, not to the target org/ },
  { name: '--dry-run with a retirement backup', args: (d) => restore(file(d, 'ps-retire.json', retireText()), '--dry-run'), code: 1, message: /ps-retire\.json is a backup of sf psg retire/ },
  { name: '--wait below zero', args: (d) => restore(file(d, 'ps-w1.json', removalText()), '--wait=-1'), code: 1, message: /--wait must be between 0 and 1440 minutes; got -1/ },
];
