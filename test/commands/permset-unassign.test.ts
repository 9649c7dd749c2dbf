import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { readBackup, type RemovalBackupFile } from '../../src/io/backup-file.js';
import { type UnassignResult } from '../../src/services/unassign/unassign-service.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type Dump, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: UnassignResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const assignmentIds = (dump: Dump): string[] => dump.records.PermissionSetAssignment.map((a) => String(a.Id)).sort();
const idOf = (dump: Dump, type: string, field: string, value: string): string => String(dump.records[type].find((r) => r[field] === value)?.Id);
const rowsOf = (run: CommandRun): Array<[string, string | undefined, string, string | undefined]> =>
  out(run).result.assignments.map((a) => [a.username, a.permissionSet ?? a.permissionSetGroup, a.action, a.reason]);
/** The assignment of `username` to the set or group `target` (by Name / DeveloperName), if it exists. */
const assignmentOf = (dump: Dump, username: string, target: string): Record<string, unknown> | undefined => {
  const userId = idOf(dump, 'User', 'Username', username);
  const groupId = dump.records.PermissionSetGroup.find((g) => g.DeveloperName === target)?.Id;
  const setId = dump.records.PermissionSet.find((s) => s.Name === target && s.PermissionSetGroupId == null)?.Id;
  return dump.records.PermissionSetAssignment.find(
    (a) => a.AssigneeId === userId && (groupId ? a.PermissionSetGroupId === groupId : a.PermissionSetId === setId && a.PermissionSetGroupId == null)
  );
};

describe('sf permset unassign (against the emulator)', function () {
  this.timeout(180_000);

  describe('on a small org', () => {
    let org: TestOrg;
    let folder: string;
    const unassign = (args: string[]): Promise<CommandRun> => org.run(['permset', 'unassign', ...args], { cwd: folder });
    const main = ['-n', 'Sales,Case_Export', '-g', 'Support', '-b', 'rep1@test.org,rep2@test.org,rep4@test.org', '--json'];

    before(async () => {
      const seed = new SeedBuilder()
        .users('rep', 5)
        .permissionSet('Sales')
        .permissionSet('Case_Export')
        .permissionSet('Reports')
        .group('Support', ['Case_Export'])
        .assign('rep1', 'Sales', { ExpirationDate: '2031-01-01T00:00:00.000Z' })
        .assign('rep1', 'Case_Export')
        .assignGroup('rep1', 'Support', { ExpirationDate: '2032-06-30T12:00:00.000Z' })
        .assign('rep2', 'Sales')
        .assignGroup('rep3', 'Support')
        .assign('rep4', 'Reports')
        .assign('rep5', 'Reports')
        .assign('rep5', 'Sales')
        .build();
      org = await startTestOrg(seed);
      folder = mkdtempSync(join(org.home, 'work-'));
    });
    after(() => org.stop());

    it('shows the plan on a dry run and writes nothing, not even a backup', async () => {
      await org.resetStats();
      const run = await unassign([...main, '--dry-run']);
      expect(run.code, run.stderr).to.equal(0);
      const { result } = out(run);
      expect(result.summary).to.include({ dryRun: true, total: 9, toDelete: 4, unchanged: 5, deleted: 0 });
      expect(result.backupFile).to.equal(null);
      const expirations = result.assignments.filter((a) => a.action === 'toDelete').map((a) => (a.expirationDate ? Date.parse(a.expirationDate) : null));
      expect(expirations).to.have.members([Date.parse('2031-01-01T00:00:00Z'), null, Date.parse('2032-06-30T12:00:00Z'), null]);
      expect(writeCount(await org.stats())).to.equal(0);
      expect(readdirSync(folder)).to.deep.equal([]);
    });

    it('removes exactly the listed assignments that exist, backs every one up first, and reports the rest unchanged', async () => {
      const before = await org.dump();
      const expected = [
        assignmentOf(before, 'rep1@test.org', 'Sales'),
        assignmentOf(before, 'rep1@test.org', 'Case_Export'),
        assignmentOf(before, 'rep1@test.org', 'Support'),
        assignmentOf(before, 'rep2@test.org', 'Sales'),
      ].map((a) => String(a!.Id));
      await org.resetStats();
      const run = await unassign(main);
      expect(run.code, run.stderr).to.equal(0);
      const { result } = out(run);
      expect(rowsOf(run)).to.deep.equal([
        ['rep1@test.org', 'Sales', 'deleted', undefined],
        ['rep1@test.org', 'Case_Export', 'deleted', undefined],
        ['rep1@test.org', 'Support', 'deleted', undefined],
        ['rep2@test.org', 'Sales', 'deleted', undefined],
        ['rep2@test.org', 'Case_Export', 'unchanged', undefined],
        ['rep2@test.org', 'Support', 'unchanged', undefined],
        ['rep4@test.org', 'Sales', 'unchanged', undefined],
        ['rep4@test.org', 'Case_Export', 'unchanged', undefined],
        ['rep4@test.org', 'Support', 'unchanged', undefined],
      ]);
      const after = await org.dump();
      expect(assignmentIds(after)).to.deep.equal(assignmentIds(before).filter((id) => !expected.includes(id)));

      // Reads: sets 1, groups 1 (no components: a removal needs none), users 1, assignments 1, preflight 1; one delete of 4 Ids.
      expect(result.summary.requests).to.deep.equal({ reads: 5, writes: 1, retries: 0 });
      const stats = await org.stats();
      expect(stats.byEndpoint['DELETE /composite/sobjects']).to.equal(1);
      expect(stats.requests).to.be.at.most(7);

      expect(result.backupFile).to.be.a('string');
      const path = result.backupFile!;
      expect(readdirSync(folder)).to.deep.equal([path.slice(folder.length + 1)]);
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      const backup = (await readBackup(path)) as RemovalBackupFile;
      expect(backup.operation).to.equal('unassign');
      expect(backup.removed.licenseAssignments).to.deep.equal([]);
      const kept = new Map(backup.removed.assignments.map((a) => [a.id, a]));
      expect([...kept.keys()].sort()).to.deep.equal([...expected].sort());
      expect(kept.get(expected[0])).to.include({ kind: 'permissionSet', targetName: 'Sales', username: 'rep1@test.org' });
      expect(Date.parse(kept.get(expected[0])!.expirationDate!)).to.equal(Date.parse('2031-01-01T00:00:00Z'));
      // The group row is kept as the group (its 0PG Id), never as its aggregate permission set.
      expect(kept.get(expected[2])).to.include({ kind: 'permissionSetGroup', targetName: 'Support', targetId: idOf(before, 'PermissionSetGroup', 'DeveloperName', 'Support') });
      expect(Date.parse(kept.get(expected[2])!.expirationDate!)).to.equal(Date.parse('2032-06-30T12:00:00Z'));
      expect(kept.get(expected[1])!.expirationDate).to.equal(null);
    });

    it('deletes nothing on a rerun, reports every row unchanged and writes no backup', async () => {
      const files = readdirSync(folder).length;
      await org.resetStats();
      const run = await unassign(main);
      expect(run.code).to.equal(0);
      expect(out(run).result.summary).to.include({ total: 9, unchanged: 9, deleted: 0 });
      expect(out(run).result.backupFile).to.equal(null);
      expect(writeCount(await org.stats())).to.equal(0);
      expect(readdirSync(folder)).to.have.length(files);
    });

    it('never removes a group through a set: the aggregate set name is unknown with a hint, -n of a member leaves the group', async () => {
      const before = await org.dump();
      const run = await unassign(['-n', 'Support,Case_Export', '-b', 'rep3@test.org', '--json']);
      expect(run.code).to.equal(68);
      expect(rowsOf(run)).to.deep.equal([
        ['rep3@test.org', 'Support', 'blocked', 'UNKNOWN_PERMISSION_SET'],
        ['rep3@test.org', 'Case_Export', 'unchanged', undefined],
      ]);
      expect(out(run).result.assignments[0].message).to.contain('--group Support');
      expect(assignmentIds(await org.dump())).to.deep.equal(assignmentIds(before));

      const group = await unassign(['-g', 'Support', '-b', 'rep3@test.org', '--json']);
      expect(rowsOf(group)).to.deep.equal([['rep3@test.org', 'Support', 'deleted', undefined]]);
      expect(assignmentOf(await org.dump(), 'rep3@test.org', 'Support')).to.equal(undefined);
    });

    it('refuses a profile-owned permission set per row and removes the other rows', async () => {
      const before = await org.dump();
      const profileSet = String(before.records.PermissionSet.find((s) => s.IsOwnedByProfile === true)?.Name);
      const reports = String(assignmentOf(before, 'rep4@test.org', 'Reports')!.Id);
      const run = await unassign(['-n', `${profileSet},Reports`, '-b', 'rep4@test.org', '--json']);
      expect(run.code).to.equal(68);
      expect(rowsOf(run)).to.deep.equal([
        ['rep4@test.org', profileSet, 'blocked', 'PROFILE_OWNED'],
        ['rep4@test.org', 'Reports', 'deleted', undefined],
      ]);
      expect(out(run).result.assignments[0].message).to.contain('profile-owned');
      expect(assignmentIds(await org.dump())).to.deep.equal(assignmentIds(before).filter((id) => id !== reports));
    });

    it('prints a summary, a table per target, the rows not removed and the backup path', async () => {
      const run = await unassign(['-n', 'Reports,Nope', '-b', 'rep5@test.org,ghost@test.org']);
      expect(run.code, run.stderr).to.equal(68);
      expect(run.stdout).to.match(/4 assignments: deleted 1, unchanged 0, blocked 3, failed 0 \(\d+ reads, 1 writes\)\./);
      expect(run.stdout).to.match(/Reports\s+Permission set\s+1\s+0\s+1\s+0/);
      expect(run.stdout).to.contain('Not removed');
      expect(run.stdout).to.contain('UNKNOWN_USER');
      expect(run.stdout).to.contain('UNKNOWN_PERMISSION_SET');
      expect(run.stdout).to.match(/sf permset restore --file ".*unassign-00D[\w-]+\.json"/);
    });

    it('takes a CSV file, ignoring its expirationDate column, and reports bad rows per row without stopping the others', async () => {
      const csv = join(folder, 'leavers.csv');
      writeFileSync(
        csv,
        [
          'username,permissionSet,permissionSetGroup,expirationDate',
          'rep5@test.org,Sales,,soon',
          ',Sales,,',
          'rep2@test.org,Sales,Support,',
          'ghost@test.org,Sales,,',
          'REP5@test.org,sales,,',
          '',
        ].join('\n')
      );
      const sales = String(assignmentOf(await org.dump(), 'rep5@test.org', 'Sales')!.Id);
      const run = await unassign(['-f', csv, '--json']);
      expect(run.code, run.stderr).to.equal(68);
      expect(rowsOf(run)).to.deep.equal([
        ['rep5@test.org', 'Sales', 'deleted', undefined],
        ['', 'Sales', 'blocked', 'INVALID_ROW'],
        ['rep2@test.org', 'Sales', 'blocked', 'INVALID_ROW'],
        ['ghost@test.org', 'Sales', 'blocked', 'UNKNOWN_USER'],
        ['rep5@test.org', 'Sales', 'blocked', 'CONFLICTING_ROWS'],
      ]);
      const messages = out(run).result.assignments.map((a) => a.message ?? '');
      expect(messages[1]).to.contain('line 3');
      expect(messages[2]).to.contain('Line 4');
      expect(messages[4]).to.contain('row 2');
      expect(assignmentOf(await org.dump(), 'rep5@test.org', 'Sales')).to.equal(undefined);
      const backup = (await readBackup(out(run).result.backupFile!)) as RemovalBackupFile;
      expect(backup.removed.assignments.map((a) => a.id)).to.deep.equal([sales]);
    });
  });

  describe('bad input and the delete guard', () => {
    let org: TestOrg;
    let folder: string;
    const unassign = (args: string[]): Promise<CommandRun> => org.run(['permset', 'unassign', ...args], { cwd: folder });
    const users = Array.from({ length: 55 }, (_, i) => `u${i + 1}@test.org`).join(',');

    before(async () => {
      const seed = new SeedBuilder().users('u', 55).permissionSet('Sales');
      for (let i = 1; i <= 55; i++) seed.assign(`u${i}`, 'Sales');
      org = await startTestOrg(seed.build());
      folder = mkdtempSync(join(org.home, 'work-'));
    });
    after(() => org.stop());

    it('refuses more deletes than --max-deletes where nobody can answer a prompt, naming the count and how to allow them', async () => {
      await org.resetStats();
      const run = await unassign(['-n', 'Sales', '-b', users]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('55 assignments, more than --max-deletes (50)');
      expect(run.stderr).to.contain('--max-deletes 55');
      expect(run.stderr).to.contain('--no-prompt');
      expect(writeCount(await org.stats())).to.equal(0);
      expect(readdirSync(folder)).to.deep.equal([]);
      const dump = await org.dump();
      const sales = idOf(dump, 'PermissionSet', 'Name', 'Sales');
      expect(dump.records.PermissionSetAssignment.filter((a) => a.PermissionSetId === sales)).to.have.length(55);
    });

    it('refuses bad flags naming them, before any request', async () => {
      await org.resetStats();
      // oclif refuses a flag it cannot parse with its usage exit code, 2; the command's own refusals exit 1.
      for (const [args, named, code] of [
        [['-n', 'Sales', '--max-deletes=-1'], '--max-deletes', 2],
        [['-n', 'Sales', '--max-deletes', 'abc'], '--max-deletes', 2],
        [['-b', 'u1@test.org'], '--name', 1],
        [['-f', 'x.csv', '-n', 'Sales'], '--name', 1],
      ] as Array<[string[], string, number]>) {
        const run = await unassign(args);
        expect(run.code, args.join(' ')).to.equal(code);
        expect(run.stderr, args.join(' ')).to.contain(named);
      }
      expect((await org.stats()).requests).to.equal(0);
    });

    it('refuses a --backup-file that is not its own backup and leaves it as it is, with no write', async () => {
      const foreign = join(folder, 'notes.json');
      writeFileSync(foreign, '{"mine": true}\n');
      await org.resetStats();
      const run = await unassign(['-n', 'Sales', '-b', 'u1@test.org', '--backup-file', foreign]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('notes.json already exists');
      expect(readFileSync(foreign, 'utf8')).to.equal('{"mine": true}\n');
      expect(writeCount(await org.stats())).to.equal(0);
    });

    it('takes the org\'s own user without -b, and a CLI alias in -b as its username', async () => {
      const own = await unassign(['-n', 'Sales', '--dry-run', '--json']);
      expect(rowsOf(own)).to.deep.equal([['admin@test.org', 'Sales', 'unchanged', undefined]]);
      const aliased = await unassign(['-n', 'Sales', '-b', `${org.alias},u1@test.org`, '--dry-run', '--json']);
      expect(rowsOf(aliased)).to.deep.equal([
        ['admin@test.org', 'Sales', 'unchanged', undefined],
        ['u1@test.org', 'Sales', 'toDelete', undefined],
      ]);
    });

    it('deletes them all with --no-prompt, in one collection request, and a rerun with the same --backup-file keeps them', async () => {
      const backupFile = join(folder, 'sales-removal.json');
      await org.resetStats();
      const run = await unassign(['-n', 'Sales', '-b', users, '--no-prompt', '--backup-file', backupFile, '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(out(run).result.summary).to.include({ deleted: 55, unchanged: 0 });
      expect(out(run).result.backupFile).to.equal(backupFile);
      expect((await org.stats()).byEndpoint['DELETE /composite/sobjects']).to.equal(1);
      // Users 1 (55 usernames), sets 1, assignments 1, preflight 1.
      expect(out(run).result.summary.requests).to.deep.equal({ reads: 4, writes: 1, retries: 0 });
      const backup = (await readBackup(backupFile)) as RemovalBackupFile;
      expect(backup.removed.assignments).to.have.length(55);

      const rerun = await unassign(['-n', 'Sales', '-b', users, '--backup-file', backupFile, '--json']);
      expect(rerun.code).to.equal(0);
      expect(out(rerun).result.summary).to.include({ unchanged: 55, deleted: 0 });
      expect(((await readBackup(backupFile)) as RemovalBackupFile).removed.assignments).to.have.length(55);
    });
  });
});
