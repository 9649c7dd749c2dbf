import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BackupContent, type RetireBackupFile, serializeBackup } from '../../src/io/backup-file.js';

/** One bad input: the command line (built in a scratch folder), the exit code and the message it must give. */
export type BadInputCase = {
  name: string;
  args: (dir: string) => string[];
  code: number;
  message: RegExp;
  /** Runs without --target-org testorg (for cases about the org itself). */
  ownOrg?: boolean;
};

function file(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const csv = (dir: string, name: string, ...lines: string[]): string => file(dir, name, `${lines.join('\n')}\n`);
const assignCsv = (path: string): string[] => ['permset', 'assign', '-f', path];

/**
 * Issue 8's catalogue for `permset assign`: each case must fail with a clear message naming the input, a non-zero
 * exit code, and no write to the org (the suite checks the emulator's statistics).
 */
export const ASSIGN_CASES: BadInputCase[] = [
  { name: 'nothing to assign', args: () => ['permset', 'assign'], code: 1, message: /Name at least one permission set/ },
  { name: 'a file together with --name', args: (d) => ['permset', 'assign', '-f', csv(d, 'a.csv', 'username,permissionSet', 'u1@test.org,Sales'), '-n', 'Sales'], code: 1, message: /--file can't be combined with --name/ },
  { name: 'an unparseable expiration', args: () => ['permset', 'assign', '-n', 'Sales', '--expiration-date', 'next tuesday'], code: 1, message: /"next tuesday" is not an ISO 8601 date/ },
  { name: 'an expiration in another format', args: () => ['permset', 'assign', '-n', 'Sales', '--expiration-date', '31/12/2030'], code: 1, message: /"31\/12\/2030" is not an ISO 8601 date/ },
  { name: 'an expiration in the past', args: () => ['permset', 'assign', '-n', 'Sales', '--expiration-date', '2001-01-01'], code: 1, message: /"2001-01-01" is not in the future/ },
  { name: 'a CSV file that does not exist', args: (d) => assignCsv(join(d, 'missing.csv')), code: 1, message: /missing\.csv/ },
  { name: 'a folder instead of a CSV file', args: (d) => { mkdirSync(join(d, 'folder.csv'), { recursive: true }); return assignCsv(join(d, 'folder.csv')); }, code: 1, message: /folder\.csv/ },
  { name: 'a CSV file with a header only', args: (d) => assignCsv(csv(d, 'header.csv', 'username,permissionSet')), code: 1, message: /header\.csv has a header but no rows/ },
  { name: 'an empty CSV file', args: (d) => assignCsv(file(d, 'empty.csv', '')), code: 1, message: /empty\.csv/ },
  { name: 'a CSV file that is not UTF-8', args: (d) => assignCsv(file(d, 'latin1.csv', Buffer.from('username,permissionSet\nj\xf6rg@test.org,Sales\n', 'latin1'))), code: 1, message: /latin1\.csv is not UTF-8/ },
  { name: 'an unclosed quote', args: (d) => assignCsv(csv(d, 'quote.csv', 'username,permissionSet', '"u1@test.org,Sales')), code: 1, message: /quote\.csv is malformed/ },
  { name: 'a row with an extra field', args: (d) => assignCsv(csv(d, 'extra.csv', 'username,permissionSet', 'u1@test.org,Sales,oops')), code: 1, message: /extra\.csv is malformed near line 2/ },
  { name: 'an unknown column', args: (d) => assignCsv(csv(d, 'col.csv', 'username,permissionSet,colour', 'u1@test.org,Sales,red')), code: 1, message: /columns this command doesn't know: colour/ },
  { name: 'no user column', args: (d) => assignCsv(csv(d, 'nouser.csv', 'permissionSet', 'Sales')), code: 1, message: /nouser\.csv needs exactly one user column/ },
  { name: 'two user columns', args: (d) => assignCsv(csv(d, 'twouser.csv', 'username,userId,permissionSet', 'u1@test.org,005000000000001AAA,Sales')), code: 1, message: /twouser\.csv needs exactly one user column/ },
  { name: 'no target column', args: (d) => assignCsv(csv(d, 'notarget.csv', 'username', 'u1@test.org')), code: 1, message: /notarget\.csv needs a permissionSet or a permissionSetGroup column/ },
  { name: 'a row without a user', args: (d) => assignCsv(csv(d, 'blankuser.csv', 'username,permissionSet', 'u1@test.org,Sales', ',Sales')), code: 1, message: /blankuser\.csv has no user on line 3/ },
  { name: 'a row naming a set and a group', args: (d) => assignCsv(csv(d, 'both.csv', 'username,permissionSet,permissionSetGroup', 'u1@test.org,Sales,Team')), code: 1, message: /Line 2 of the CSV file .*both\.csv must name exactly one/ },
  { name: 'a row naming neither', args: (d) => assignCsv(csv(d, 'neither.csv', 'username,permissionSet,permissionSetGroup', 'u1@test.org,,')), code: 1, message: /Line 2 of the CSV file .*neither\.csv must name exactly one/ },
  { name: 'a bad expiration in a row', args: (d) => assignCsv(csv(d, 'exp.csv', 'username,permissionSet,expirationDate', 'u1@test.org,Sales,soon')), code: 1, message: /exp\.csv, line 2: expirationDate "soon"/ },
  { name: 'a past expiration in a row', args: (d) => assignCsv(csv(d, 'past.csv', 'username,permissionSet,expirationDate', 'u1@test.org,Sales,2000-01-01')), code: 1, message: /past\.csv, line 2: expirationDate "2000-01-01" is not in the future/ },
  { name: 'a repeated row', args: (d) => assignCsv(csv(d, 'dup.csv', 'username,permissionSet', 'u1@test.org,Sales', 'u1@test.org,Sales')), code: 1, message: /dup\.csv, line 3: the same user and permission set .* line 2/ },
  { name: 'conflicting rows (two expirations for one pair)', args: (d) => assignCsv(csv(d, 'conflict.csv', 'username,permissionSet,expirationDate', 'u1@test.org,Sales,2099-01-01', 'u1@test.org,Sales,2098-01-01')), code: 1, message: /conflict\.csv, line 3/ },
  { name: 'a 10 MB line', args: (d) => assignCsv(csv(d, 'huge.csv', 'username,permissionSet', `u1@test.org,${'x'.repeat(10 * 1024 * 1024)}`)), code: 1, message: /huge\.csv is malformed/ },
  { name: '--wait above its maximum', args: () => ['permset', 'assign', '-n', 'Sales', '--wait', '500'], code: 1, message: /wait/ },
  { name: '--wait below zero', args: () => ['permset', 'assign', '-n', 'Sales', '--wait=-1'], code: 1, message: /--wait must be between 0 and 120 minutes; got -1/ },
  { name: 'an unknown permission set', args: () => ['permset', 'assign', '-n', 'No_Such_Set'], code: 1, message: /No permission set named "No_Such_Set"/ },
  { name: 'a misspelled permission set', args: () => ['permset', 'assign', '-n', 'Slaes'], code: 1, message: /No permission set named "Slaes"/ },
  { name: 'an unknown group', args: () => ['permset', 'assign', '-g', 'Nope_Team'], code: 1, message: /No permission set group named "Nope_Team"/ },
  { name: 'an ambiguous name', args: () => ['permset', 'assign', '-n', 'Shared'], code: 1, message: /"Shared" could mean any of/ },
  { name: 'an unknown user', args: () => ['permset', 'assign', '-n', 'Sales', '-b', 'ghost@test.org'], code: 1, message: /No user with the username or Id "ghost@test.org"/ },
  { name: 'a malformed user Id', args: () => ['permset', 'assign', '-n', 'Sales', '-b', '005XYZ'], code: 1, message: /"005XYZ"/ },
  { name: 'an inactive user', args: () => ['permset', 'assign', '-n', 'Sales', '-b', 'gone@test.org'], code: 1, message: /gone@test.org is inactive/ },
  { name: 'a user frozen out by license', args: () => ['permset', 'assign', '-n', 'Sf_Licensed', '-b', 'platform@test.org'], code: 1, message: /platform@test.org has a user license that Sf_Licensed doesn't allow/ },
  { name: 'an injection attempt as a name', args: () => ['permset', 'assign', '-n', "x' OR Name != '"], code: 1, message: /No permission set named "x' OR Name != '"/ },
  { name: 'an org alias that does not exist', args: () => ['permset', 'assign', '-n', 'Sales', '--target-org', 'no-such-alias'], code: 1, message: /no-such-alias/, ownOrg: true },
  { name: 'an expired session', args: () => ['permset', 'assign', '-n', 'Sales', '--target-org', 'stale'], code: 1, message: /session is expired or invalid/, ownOrg: true },
  // assign --sync (issue 17): the file is what a sync makes true, and its removal flags mean nothing without it.
  { name: '--sync without --file', args: () => ['permset', 'assign', '--sync', '-n', 'Sales'], code: 1, message: /--sync needs --file/ },
  { name: '--max-deletes without --sync', args: (d) => [...assignCsv(csv(d, 'nosync.csv', 'username,permissionSet', 'u1@test.org,Sales')), '--max-deletes', '5'], code: 1, message: /--max-deletes only apply with --sync/ },
  { name: '--sync-scope without --sync', args: (d) => [...assignCsv(csv(d, 'noscope.csv', 'username,permissionSet', 'u1@test.org,Sales')), '--sync-scope', 'all'], code: 1, message: /--sync-scope only apply with --sync/ },
  { name: '--sync with a negative --max-deletes', args: (d) => [...assignCsv(csv(d, 'neg.csv', 'username,permissionSet', 'u1@test.org,Sales')), '--sync', '--max-deletes=-1'], code: 2, message: /--max-deletes.*greater than or equal to 0/s },
  { name: '--sync with a --max-deletes that is not a number', args: (d) => [...assignCsv(csv(d, 'nan.csv', 'username,permissionSet', 'u1@test.org,Sales')), '--sync', '--max-deletes', 'ten'], code: 2, message: /--max-deletes.*Expected an integer but received: ten/s },
  { name: '--sync with an unknown --sync-scope', args: (d) => [...assignCsv(csv(d, 'scope.csv', 'username,permissionSet', 'u1@test.org,Sales')), '--sync', '--sync-scope', 'everything'], code: 2, message: /--sync-scope.*file, all/s },
  { name: '--sync with a --backup-file that is not a backup', args: (d) => [...assignCsv(csv(d, 'swap.csv', 'username,permissionSet', 'u2@test.org,Legacy')), '--sync', '--backup-file', file(d, 'mine.json', '{"mine":true}\n')], code: 1, message: /mine\.json already exists and is not a backup this run may extend/ },
];

/** The same promise for `psl report`: refused before any write (it never writes) and before its export is touched. */
export const PSL_CASES: BadInputCase[] = [
  { name: 'an unknown license', args: () => ['psl', 'report', '-l', 'No_Such_License'], code: 1, message: /No permission set license with the DeveloperName No_Such_License/ },
  { name: 'an injection attempt as a license', args: () => ['psl', 'report', '-l', "x' OR DeveloperName != '"], code: 1, message: /No permission set license with the DeveloperName x' OR DeveloperName != '/ },
  // oclif's own range checks on integer flags exit with 2 (a usage error), as in every sf command.
  { name: '--threshold above 100', args: () => ['psl', 'report', '--threshold', '101'], code: 2, message: /--threshold.*100/s },
  { name: '--threshold of 0', args: () => ['psl', 'report', '--threshold', '0'], code: 2, message: /--threshold/ },
  { name: '--fail-at above 100', args: () => ['psl', 'report', '--fail-at', '150'], code: 2, message: /--fail-at.*100/s },
  { name: '--fail-at of 0', args: () => ['psl', 'report', '--fail-at', '0'], code: 2, message: /--fail-at.*greater than or equal to 1 but received: 0/s },
  { name: '--threshold that is not a number', args: () => ['psl', 'report', '--threshold', 'abc'], code: 2, message: /--threshold.*Expected an integer but received: abc/s },
  { name: 'an export file of an unknown format', args: (d) => ['psl', 'report', '--output-file', join(d, 'report.txt')], code: 1, message: /report\.txt: name the file \.csv or \.json/ },
  { name: 'an export file in a folder that does not exist', args: (d) => ['psl', 'report', '--output-file', join(d, 'nowhere', 'report.csv')], code: 1, message: /nowhere.*report\.csv.*directory doesn't exist/ },
  { name: 'an export file that already exists', args: (d) => ['psl', 'report', '--output-file', file(d, 'taken.csv', 'keep me\n')], code: 1, message: /taken\.csv already exists/ },
];

/** The catalogue org's Id (the suite seeds its org with it), so that backups built here belong to it. */
export const CATALOGUE_ORG_ID = '00D5g000004BadIEAS';
const OTHER_ORG_ID = '00D5g00000OTHERAAA';

/** A backup as `psg retire` writes it, of a permission set `name` in `orgId`; `edit` changes it and recomputes the sha256. */
function backupText(options: { name?: string; orgId?: string; edit?: (file: RetireBackupFile) => void } = {}): string {
  const name = options.name ?? 'Gone_Set';
  const content: BackupContent = {
    orgId: options.orgId ?? CATALOGUE_ORG_ID,
    createdAt: '2030-01-01T00:00:00.000Z',
    snapshot: {
      target: { kind: 'permissionSet', id: '0PS5g00000Gone1GAA', name },
      permissionSet: {
        record: { Id: '0PS5g00000Gone1GAA', Name: name, Label: name, Description: null, LicenseId: null, NamespacePrefix: null },
        objectPermissions: [{ Id: '1105g00000Gone1AAA', ParentId: '0PS5g00000Gone1GAA', SobjectType: 'Account', PermissionsRead: true }],
        fieldPermissions: [],
        setupEntityAccess: [],
      },
      memberships: [{ groupId: '0PG5g00000Gone1GAA', groupName: 'Team', componentId: '0PH5g00000Gone1GAA' }],
      assignments: [{ id: '0Pa5g00000Gone1CAA', assigneeId: '0055g00000Gone1AAA', username: 'u1@test.org', expirationDate: null }],
    },
  };
  if (!options.edit) return serializeBackup(content);
  const file = JSON.parse(serializeBackup(content)) as RetireBackupFile;
  options.edit(file);
  const { orgId, createdAt, snapshot } = file;
  return serializeBackup({ orgId, createdAt, snapshot });
}

const retire = (...args: string[]): string[] => ['psg', 'retire', ...args];
const restore = (path: string, ...args: string[]): string[] => ['psg', 'restore', '-f', path, ...args];

/**
 * `psg retire`: refused before the first change (the backup is written before it, so a refused run leaves no
 * backup either). Sales is in group Team and unassigned: a run that was not refused would retire it.
 */
export const RETIRE_CASES: BadInputCase[] = [
  { name: 'neither --name nor --group', args: () => retire(), code: 2, message: /Exactly one of the following must be provided: --group, --name/ },
  { name: '--name and --group together', args: () => retire('-n', 'Sales', '-g', 'Team'), code: 2, message: /--group cannot also be provided when using --name/ },
  { name: 'an unknown permission set', args: () => retire('-n', 'No_Such_Set'), code: 1, message: /No permission set named "No_Such_Set" exists in this org/ },
  { name: 'a misspelled permission set', args: () => retire('-n', 'Slaes'), code: 1, message: /No permission set named "Slaes" exists in this org/ },
  { name: 'an unknown group', args: () => retire('-g', 'Nope_Team'), code: 1, message: /No permission set group named "Nope_Team" exists in this org/ },
  { name: 'an injection attempt as a name', args: () => retire('-n', "x' OR Name != '"), code: 1, message: /No permission set named "x' OR Name != '"/ },
  { name: 'a blank name', args: () => retire('-n', '  '), code: 1, message: /--name is empty/ },
  { name: '--wait above its maximum', args: () => retire('-n', 'Sales', '--wait', '2000'), code: 1, message: /--wait.*no more than 1440/s },
  { name: '--wait below zero', args: () => retire('-n', 'Sales', '--wait=-1'), code: 1, message: /--wait must be between 0 and 1440 minutes; got -1/ },
  { name: '--wait-seconds below zero', args: () => retire('-n', 'Sales', '--wait-seconds=-5'), code: 1, message: /--wait-seconds must be between 0 and 86400 seconds; got -5/ },
  { name: '--wait-seconds above a day', args: () => retire('-n', 'Sales', '--wait-seconds', '100000'), code: 1, message: /--wait-seconds must be between 0 and 86400 seconds; got 100000/ },
  { name: '--wait-seconds that is not a number', args: () => retire('-n', 'Sales', '--wait-seconds', 'soon'), code: 1, message: /--wait-seconds.*must be an integer/s },
  { name: '--delete-muting without --group', args: () => retire('-n', 'Sales', '--delete-muting'), code: 1, message: /--delete-muting applies to a permission set group retirement \(--group\) only/ },
  { name: 'an assigned permission set without --remove-assignments', args: () => retire('-n', 'Legacy'), code: 1, message: /permission set Legacy is still assigned to 1 user\(s\) \(u1@test.org\)/ },
  { name: 'an assigned group without --remove-assignments', args: () => retire('-g', 'Old_Team'), code: 1, message: /permission set group Old_Team is still assigned to 1 user\(s\) \(u2@test.org\)/ },
  {
    name: 'an unrelated file at --backup-file',
    args: (d) => retire('-n', 'Sales', '--backup-file', file(d, 'psg-notes.txt', 'my notes\n')),
    code: 1,
    message: /psg-notes\.txt already exists and is not a backup of this retirement \(it is not JSON/,
  },
  {
    name: 'a JSON file that is not a backup at --backup-file',
    args: (d) => retire('-n', 'Sales', '--backup-file', file(d, 'psg-settings.json', '{"theme": "dark"}')),
    code: 1,
    message: /psg-settings\.json already exists and is not a backup of this retirement \(not a plugin-permset-ops\/backup file\)/,
  },
  {
    name: "another permission set's backup at --backup-file",
    args: (d) => retire('-n', 'Sales', '--backup-file', file(d, 'psg-gone.json', backupText())),
    code: 1,
    message: /psg-gone\.json is the backup of Gone_Set, not of this retirement/,
  },
  {
    name: "another org's backup at --backup-file",
    args: (d) => retire('-n', 'Sales', '--backup-file', file(d, 'psg-other-org.json', backupText({ name: 'Sales', orgId: OTHER_ORG_ID }))),
    code: 1,
    message: /psg-other-org\.json belongs to org 00D5g00000OTHERAAA/,
  },
  {
    name: 'an edited backup at --backup-file',
    args: (d) => retire('-n', 'Sales', '--backup-file', file(d, 'psg-edited-own.json', backupText({ name: 'Sales' }).replace('u1@test.org', 'u2@test.org'))),
    code: 1,
    message: /psg-edited-own\.json already exists and is not a backup of this retirement \(it was changed after it was written/,
  },
  {
    name: '--backup-file in a folder that does not exist',
    args: (d) => retire('-n', 'Sales', '--backup-file', join(d, 'no-such-folder', 'b.json')),
    code: 1,
    message: /no-such-folder.*b\.json can't be written \(its folder doesn't exist\)/,
  },
];

/** `psg restore`: the backup is checked before anything is written; it must be a complete, unedited backup of this org. */
export const RESTORE_CASES: BadInputCase[] = [
  { name: 'no --file', args: () => ['psg', 'restore'], code: 2, message: /Missing required flag file/ },
  { name: 'a backup file that does not exist', args: (d) => restore(join(d, 'psg-nope.json')), code: 1, message: /Backup file .*psg-nope\.json does not exist/ },
  { name: 'a folder instead of a backup file', args: (d) => { mkdirSync(join(d, 'psg-folder.json'), { recursive: true }); return restore(join(d, 'psg-folder.json')); }, code: 1, message: /psg-folder\.json can't be read as JSON \(EISDIR/ },
  {
    name: 'a truncated backup',
    args: (d) => {
      const text = backupText();
      return restore(file(d, 'psg-cut.json', text.slice(0, Math.floor(text.length / 2))));
    },
    code: 1,
    message: /psg-cut\.json can't be read as JSON .*it may be truncated/,
  },
  { name: 'an edited backup (checksum)', args: (d) => restore(file(d, 'psg-edited.json', backupText().replace('u1@test.org', 'intruder@test.org'))), code: 1, message: /psg-edited\.json was changed after it was written/ },
  { name: 'a JSON file that is not a backup', args: (d) => restore(file(d, 'psg-other.json', '{"hello": "world"}')), code: 1, message: /psg-other\.json is not a usable permission set retirement backup/ },
  { name: 'a CSV file instead of a backup', args: (d) => restore(csv(d, 'psg-rows.csv', 'username,permissionSet', 'u1@test.org,Sales')), code: 1, message: /psg-rows\.csv can't be read as JSON/ },
  {
    name: 'a backup of a newer format version',
    args: (d) => restore(file(d, 'psg-v2.json', backupText().replace('"formatVersion": 1', '"formatVersion": 2'))),
    code: 1,
    message: /psg-v2\.json is not a usable permission set retirement backup: format version 2, this plugin reads 1/,
  },
  { name: 'a backup of another org', args: (d) => restore(file(d, 'psg-foreign.json', backupText({ orgId: OTHER_ORG_ID }))), code: 1, message: /psg-foreign\.json belongs to org 00D5g00000OTHERAAA, not to the target org/ },
  {
    name: 'a re-checksummed backup with an Id that is not an Id',
    args: (d) => restore(file(d, 'psg-forged-id.json', backupText({ edit: (f) => (f.snapshot.assignments[0].assigneeId = "005' OR Id != '") }))),
    code: 1,
    message: /psg-forged-id\.json holds a value that no retirement writes \(snapshot\.assignments\[0\]\.assigneeId .* is not a Salesforce Id\)/,
  },
  {
    name: 'a re-checksummed backup with SOQL as a field name',
    args: (d) => restore(file(d, 'psg-forged-field.json', backupText({ edit: (f) => (f.snapshot.permissionSet!.record['Name FROM User WHERE Id != null'] = 'x') }))),
    code: 1,
    message: /psg-forged-field\.json holds a value that no retirement writes \(snapshot\.permissionSet\.record has a field named "Name FROM User WHERE Id != null"/,
  },
  { name: '--wait above its maximum', args: (d) => restore(file(d, 'psg-w1.json', backupText()), '--wait', '5000'), code: 1, message: /--wait.*no more than 1440/s },
  { name: '--wait below zero', args: (d) => restore(file(d, 'psg-w2.json', backupText()), '--wait=-1'), code: 1, message: /--wait must be between 0 and 1440 minutes; got -1/ },
  { name: '--wait-seconds below zero', args: (d) => restore(file(d, 'psg-w3.json', backupText()), '--wait-seconds=-1'), code: 1, message: /--wait-seconds must be between 0 and 86400 seconds; got -1/ },
];
