import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
];

/** The same promise for `psl report`: refused before any write (it never writes) and before its export is touched. */
export const PSL_CASES: BadInputCase[] = [
  { name: 'an unknown license', args: () => ['psl', 'report', '-l', 'No_Such_License'], code: 1, message: /No permission set license with the DeveloperName No_Such_License/ },
  { name: 'an injection attempt as a license', args: () => ['psl', 'report', '-l', "x' OR DeveloperName != '"], code: 1, message: /No permission set license with the DeveloperName x' OR DeveloperName != '/ },
  // oclif's own range checks on integer flags exit with 2 (a usage error), as in every sf command.
  { name: '--threshold above 100', args: () => ['psl', 'report', '--threshold', '101'], code: 2, message: /--threshold.*100/s },
  { name: '--threshold of 0', args: () => ['psl', 'report', '--threshold', '0'], code: 2, message: /--threshold/ },
  { name: '--fail-at above 100', args: () => ['psl', 'report', '--fail-at', '150'], code: 2, message: /--fail-at.*100/s },
  { name: 'an export file of an unknown format', args: (d) => ['psl', 'report', '--output-file', join(d, 'report.txt')], code: 1, message: /report\.txt: name the file \.csv or \.json/ },
  { name: 'an export file in a folder that does not exist', args: (d) => ['psl', 'report', '--output-file', join(d, 'nowhere', 'report.csv')], code: 1, message: /nowhere.*report\.csv.*directory doesn't exist/ },
  { name: 'an export file that already exists', args: (d) => ['psl', 'report', '--output-file', file(d, 'taken.csv', 'keep me\n')], code: 1, message: /taken\.csv already exists/ },
];
