import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeBackup } from '../../src/io/backup-file.js';
import { type BadInputCase, CATALOGUE_ORG_ID } from './bad-input-cases.js';

/**
 * Issue 17's bad input for the commands that remove access (`permset unassign`, `psl reclaim`): refused with a
 * message naming the input, a non-zero exit code and no write. The catalogue org: u1 holds Legacy, u2 Old_Team,
 * the inactive user gone holds a Seat license seat.
 */
function file(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const csv = (dir: string, name: string, ...lines: string[]): string => file(dir, name, `${lines.join('\n')}\n`);
const unassign = (...args: string[]): string[] => ['permset', 'unassign', ...args];
const reclaim = (...args: string[]): string[] => ['psl', 'reclaim', ...args];

/** A well-formed sync backup of the catalogue org: the wrong kind of backup for unassign and reclaim. */
const syncBackup = (dir: string, name: string): string =>
  file(dir, name, serializeBackup({ operation: 'sync', orgId: CATALOGUE_ORG_ID, createdAt: '2030-01-01T00:00:00.000Z', removed: { assignments: [], licenseAssignments: [] } }));

export const UNASSIGN_CASES: BadInputCase[] = [
  { name: 'nothing to remove', args: () => unassign(), code: 1, message: /Name at least one permission set \(--name\) or permission set group \(--group\) to remove/ },
  { name: 'a file together with --group', args: (d) => unassign('-f', csv(d, 'u-both.csv', 'username,permissionSet', 'u1@test.org,Legacy'), '-g', 'Old_Team'), code: 1, message: /--file can't be combined with --group/ },
  { name: 'an unknown permission set', args: () => unassign('-n', 'No_Such_Set', '-b', 'u1@test.org'), code: 1, message: /No_Such_Set/ },
  { name: 'an unknown group', args: () => unassign('-g', 'Nope_Team', '-b', 'u1@test.org'), code: 1, message: /Nope_Team/ },
  { name: 'an unknown user', args: () => unassign('-n', 'Legacy', '-b', 'ghost@test.org'), code: 1, message: /ghost@test\.org/ },
  { name: 'an injection attempt as a name', args: () => unassign('-n', "Legacy' OR Name != '", '-b', 'u1@test.org'), code: 1, message: /Legacy' OR Name != '/ },
  { name: 'a CSV whose rows are all bad, each reported', args: (d) => unassign('-f', csv(d, 'u-bad.csv', 'username,permissionSet,permissionSetGroup', ',Legacy,', 'u1@test.org,Legacy,Old_Team')), code: 1, message: /INVALID_ROW[\s\S]*INVALID_ROW/ },
  { name: 'a CSV file that does not exist', args: (d) => unassign('-f', join(d, 'u-missing.csv')), code: 1, message: /u-missing\.csv/ },
  { name: 'a CSV with an unknown column', args: (d) => unassign('-f', csv(d, 'u-col.csv', 'username,permissionSet,colour', 'u1@test.org,Legacy,red')), code: 1, message: /columns this command doesn't know: colour/ },
  { name: 'more deletes than --max-deletes, nobody to ask', args: () => unassign('-n', 'Legacy', '-b', 'u1@test.org', '--max-deletes', '0'), code: 1, message: /would delete 1 assignments?, more than --max-deletes \(0\)/ },
  { name: 'a negative --max-deletes', args: () => unassign('-n', 'Legacy', '-b', 'u1@test.org', '--max-deletes=-1'), code: 2, message: /--max-deletes.*greater than or equal to 0/s },
  { name: 'a --max-deletes that is not a number', args: () => unassign('-n', 'Legacy', '-b', 'u1@test.org', '--max-deletes', 'lots'), code: 2, message: /--max-deletes.*Expected an integer but received: lots/s },
  { name: 'a --backup-file that is not a backup', args: (d) => unassign('-n', 'Legacy', '-b', 'u1@test.org', '--backup-file', file(d, 'u-notes.json', '{"notes":1}\n')), code: 1, message: /u-notes\.json already exists and is not a backup this run may extend/ },
  { name: "another command's backup at --backup-file", args: (d) => unassign('-n', 'Legacy', '-b', 'u1@test.org', '--backup-file', syncBackup(d, 'u-sync.json')), code: 1, message: /u-sync\.json is a backup written by sf permset assign --sync, not by this command/ },
];

export const RECLAIM_CASES: BadInputCase[] = [
  { name: 'neither --inactive nor --unneeded', args: () => reclaim(), code: 1, message: /Say which seats to reclaim: --inactive .*--unneeded/ },
  { name: 'an unknown license', args: () => reclaim('--inactive', '-l', 'No_Such_PSL'), code: 1, message: /No permission set license with the DeveloperName No_Such_PSL in this org\. It has: Seat/ },
  { name: 'an injection attempt as a license', args: () => reclaim('--inactive', '-l', "Seat' OR Id != '"), code: 1, message: /Seat' OR Id != '/ },
  { name: 'more deletes than --max-deletes, nobody to ask', args: () => reclaim('--inactive', '--max-deletes', '0'), code: 1, message: /would delete 1 .*more than --max-deletes \(0\)/ },
  { name: 'a negative --max-deletes', args: () => reclaim('--inactive', '--max-deletes=-5'), code: 2, message: /--max-deletes.*greater than or equal to 0/s },
  { name: 'a --max-deletes that is not a number', args: () => reclaim('--inactive', '--max-deletes', '1e3'), code: 2, message: /--max-deletes.*Expected an integer but received: 1e3/s },
  { name: 'a --backup-file that is not a backup', args: (d) => reclaim('--inactive', '--backup-file', file(d, 'r-notes.json', 'not json\n')), code: 1, message: /r-notes\.json already exists and is not a backup this run may extend/ },
  { name: "another command's backup at --backup-file", args: (d) => reclaim('--inactive', '--backup-file', syncBackup(d, 'r-sync.json')), code: 1, message: /r-sync\.json is a backup written by sf permset assign --sync, not by this command/ },
];
