import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type RetireResult } from '../../src/services/retire/retire-service.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type Dump, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: RetireResult; message?: string; name?: string; data?: RetireResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const byName = (dump: Dump, type: string, field: string, value: string): Record<string, unknown> | undefined =>
  dump.records[type]?.find((r) => r[field] === value);
const componentsOf = (dump: Dump, setId: string): number => (dump.records.PermissionSetGroupComponent ?? []).filter((c) => c.PermissionSetId === setId).length;
const backups = (folder: string): string[] => readdirSync(folder).filter((f) => f.startsWith('retire-') && f.endsWith('.json'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Legacy in three groups, assigned to two users (one with an expiration); G1 also assigned as a group. */
function legacySeed(options: { failing?: boolean } = {}): SeedBuilder {
  return new SeedBuilder()
    .users('rep', 3)
    .permissionSet('Legacy')
    .permissionSet('Other')
    .group('G1', ['Legacy', 'Other'])
    .group('G2', ['Legacy'], options.failing ? { __failRecalc: true } : {})
    .group('G3', ['Legacy'])
    .assign('rep1', 'Legacy', { ExpirationDate: '@now+30d' })
    .assign('rep2', 'Legacy')
    .assignGroup('rep3', 'G1')
    .add('ObjectPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true })
    .add('FieldPermissions', { ParentId: 'ref:Legacy', SobjectType: 'Account', Field: 'Account.Rating', PermissionsRead: true })
    .add('SetupEntityAccess', { ParentId: 'ref:Legacy', SetupEntityId: '01p5g00000000AbAAI', SetupEntityType: 'ApexClass' });
}

describe('sf psg retire (against the emulator)', function () {
  this.timeout(180_000);
  let folder: string;
  let org: TestOrg | undefined;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'psg-retire-'));
  });
  afterEach(async () => {
    await org?.stop();
    org = undefined;
    rmSync(folder, { recursive: true, force: true });
  });
  const retire = (args: string[]): Promise<CommandRun> => org!.run(['psg', 'retire', ...args], { cwd: folder });

  it('dry run: prints the plan and writes nothing, not even a backup', async () => {
    org = await startTestOrg(legacySeed().build());
    const run = await retire(['-n', 'Legacy', '--remove-assignments', '--dry-run']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/detach from 3 group\(s\), remove 2 assignment\(s\) \(rep1@test.org, rep2@test.org\)/);
    const stats = await org.stats();
    expect(stats.byMethod.POST ?? 0).to.equal(0);
    expect(stats.byMethod.PATCH ?? 0).to.equal(0);
    expect(stats.byMethod.DELETE ?? 0).to.equal(0);
    expect(backups(folder)).to.deep.equal([]);
  });

  it('refuses an assigned set without --remove-assignments, naming the count and the users, changing nothing', async () => {
    org = await startTestOrg(legacySeed().build());
    const run = await retire(['-n', 'Legacy', '--json']);
    expect(run.code).to.equal(1);
    expect(out(run).message).to.contain('assigned to 2 user(s) (rep1@test.org, rep2@test.org)');
    expect(writeCount(await org.stats())).to.equal(0);
    expect(backups(folder)).to.deep.equal([]);
  });

  it('retires with --remove-assignments: backup first, detach, wait, unassign, delete; a rerun says already retired', async () => {
    org = await startTestOrg(legacySeed().build(), { recalcMs: 300 });
    const before = await org.dump();
    const setId = String(byName(before, 'PermissionSet', 'Name', 'Legacy')!.Id);
    const run = await retire(['-n', 'Legacy', '--remove-assignments', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const result = out(run).result;
    expect(result.status).to.equal('retired');
    expect(result.groups.map((g) => [g.name, g.status])).to.deep.equal([['G1', 'Updated'], ['G2', 'Updated'], ['G3', 'Updated']]);
    expect(result.assignments.removed).to.equal(2);
    expect(result.polls).to.be.within(1, 3);
    expect(result.requests.reads, 'O(1) reads: no per-group or per-user query').to.be.at.most(12 + result.polls);
    const after = await org.dump();
    expect(byName(after, 'PermissionSet', 'Name', 'Legacy')).to.equal(undefined);
    expect(componentsOf(after, setId)).to.equal(0);
    expect(after.records.PermissionSetAssignment.filter((a) => a.PermissionSetId === setId)).to.deep.equal([]);
    // The group assignment of rep3 and the other member of G1 are untouched.
    expect(componentsOf(after, String(byName(after, 'PermissionSet', 'Name', 'Other')!.Id))).to.equal(1);
    const stats = await org.stats();
    expect(stats.byMethod.DELETE, 'detach + unassign + delete, one collections call each').to.equal(3);
    const [file] = backups(folder);
    expect(statSync(join(folder, file)).mode & 0o777).to.equal(0o600);
    const text = readFileSync(join(folder, file), 'utf8');
    expect(text).not.to.contain(org.accessToken);
    expect(text).not.to.contain(org.accessToken.split('!')[1]);
    const backup = JSON.parse(text) as { orgId: string; snapshot: { memberships: unknown[]; assignments: Array<{ expirationDate: string | null }>; permissionSet: Record<string, unknown[]> } };
    expect(backup.snapshot.memberships).to.have.length(3);
    expect(backup.snapshot.assignments.filter((a) => a.expirationDate !== null)).to.have.length(1);
    expect(backup.snapshot.permissionSet.objectPermissions).to.have.length(1);
    expect(backup.snapshot.permissionSet.setupEntityAccess).to.have.length(1);

    await org.resetStats();
    const again = await retire(['-n', 'Legacy', '--remove-assignments', '--json']);
    expect(again.code).to.equal(0);
    expect(out(again).result.status).to.equal('alreadyRetired');
    expect(writeCount(await org.stats())).to.equal(0);
    expect(backups(folder)).to.have.length(1);
  });

  it('retires an unassigned set without --remove-assignments, and a set in no group without waiting', async () => {
    org = await startTestOrg(new SeedBuilder().permissionSet('Lonely').permissionSet('Unused').group('G', ['Unused']).build());
    const lonely = await retire(['-n', 'Lonely', '--json']);
    expect(lonely.code, lonely.stderr).to.equal(0);
    expect(out(lonely).result).to.deep.include({ groups: [], polls: 0 });
    const unused = await retire(['-n', 'Unused', '--json']);
    expect(out(unused).result.status).to.equal('retired');
    expect(byName(await org.dump(), 'PermissionSet', 'Name', 'Unused')).to.equal(undefined);
  });

  it('stops when a group recalculation Failed, names the group and deletes nothing', async () => {
    org = await startTestOrg(legacySeed({ failing: true }).build(), { recalcMs: 200 });
    const run = await retire(['-n', 'Legacy', '--remove-assignments', '--json']);
    expect(run.code).to.equal(1);
    const result = out(run).result;
    expect(result.status).to.equal('failed');
    expect(result.failure).to.include({ stage: 'wait', group: 'G2' });
    // Under --json the advice travels in the output's warnings, since stderr stays quiet there.
    const warnings = (run.json as { warnings?: Array<{ message: string; actions?: string[] }> }).warnings ?? [];
    expect(warnings.map((w) => w.message).join(' ')).to.contain('Stopped during Wait for group recalculation');
    expect(warnings.flatMap((w) => w.actions ?? []).join(' ')).to.contain('Rerun the same command');
    const dump = await org.dump();
    expect(byName(dump, 'PermissionSet', 'Name', 'Legacy')).not.to.equal(undefined);
    expect(dump.records.PermissionSetAssignment.filter((a) => a.PermissionSetId === byName(dump, 'PermissionSet', 'Name', 'Legacy')!.Id)).to.have.length(2);
    const human = await retire(['-n', 'Legacy', '--remove-assignments']);
    expect(human.code).to.equal(1);
    expect(human.stderr.replace(/\s+/g, ' ')).to.match(/Stopped during Wait for group recalculation: Permission set group G2 recalculation Failed\. The permission set Legacy was not deleted\. The backup \S*retire-ps-Legacy-\S+\.json holds everything/);
  });

  it('exits 69 when the wait times out, and the same command resumes and finishes', async () => {
    org = await startTestOrg(legacySeed().build(), { recalcMs: 4_000 });
    const first = await retire(['-n', 'Legacy', '--remove-assignments', '--wait-seconds', '1']);
    expect(first.code, first.stderr).to.equal(69);
    expect(first.stderr).to.contain('rerun the same command'.replace('rerun', 'Rerun'));
    const setId = String(byName(await org.dump(), 'PermissionSet', 'Name', 'Legacy')!.Id);
    expect(componentsOf(await org.dump(), setId)).to.equal(0);
    const second = await retire(['-n', 'Legacy', '--remove-assignments', '--wait-seconds', '30', '--json']);
    expect(second.code, second.stderr).to.equal(0);
    expect(out(second).result).to.include({ status: 'retired', resumed: true });
    const files = backups(folder);
    expect(files).to.have.length(1);
    const backup = JSON.parse(readFileSync(join(folder, files[0]), 'utf8')) as { updatedAt?: string; snapshot: { memberships: unknown[]; assignments: unknown[] } };
    expect(backup.snapshot.memberships, 'the detached groups stay in the backup').to.have.length(3);
    expect(backup.snapshot.assignments).to.have.length(2);
    expect(backup.updatedAt).to.be.a('string');
  });

  it('finishes after a kill (SIGKILL) between detach and delete when run again with the same backup file', async () => {
    org = await startTestOrg(legacySeed().build(), { recalcMs: 6_000 });
    const setId = String(byName(await org.dump(), 'PermissionSet', 'Name', 'Legacy')!.Id);
    const backupFile = join(folder, 'legacy-backup.json');
    const running = org.spawn(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--backup-file', backupFile]);
    for (let i = 0; i < 200 && componentsOf(await org.dump(), setId) > 0; i++) await sleep(50);
    running.child.kill('SIGKILL');
    await running.done;
    const mid = await org.dump();
    expect(componentsOf(mid, setId), 'killed after the detach').to.equal(0);
    expect(byName(mid, 'PermissionSet', 'Name', 'Legacy'), 'killed before the delete').not.to.equal(undefined);
    const rerun = await retire(['-n', 'Legacy', '--remove-assignments', '--backup-file', backupFile, '--wait-seconds', '30', '--json']);
    expect(rerun.code, rerun.stderr).to.equal(0);
    expect(out(rerun).result).to.include({ status: 'retired', resumed: true });
    expect(byName(await org.dump(), 'PermissionSet', 'Name', 'Legacy')).to.equal(undefined);
    const backup = JSON.parse(readFileSync(backupFile, 'utf8')) as { snapshot: { memberships: unknown[] } };
    expect(backup.snapshot.memberships).to.have.length(3);
  });

  it('refuses a --backup-file that exists and is not this retirement\'s backup, writing nothing', async () => {
    org = await startTestOrg(legacySeed().build());
    const other = join(folder, 'notes.json');
    writeFileSync(other, '{"mine": true}');
    const run = await retire(['-n', 'Legacy', '--remove-assignments', '--backup-file', other, '--json']);
    expect(run.code).to.equal(1);
    expect(out(run).message).to.contain('notes.json');
    expect(readFileSync(other, 'utf8')).to.equal('{"mine": true}');
    expect(writeCount(await org.stats())).to.equal(0);
  });

  it('refuses a name that matches nothing when no backup confirms a retirement, naming it, writing nothing', async () => {
    org = await startTestOrg(legacySeed().build());
    const run = await retire(['-n', "Nope' OR Name != '", '--json']);
    expect(run.code).to.equal(1);
    expect(out(run).name).to.equal('NotFoundError');
    expect(out(run).message).to.contain('"Nope\' OR Name != \'"');
    expect(out(run).data?.status).to.equal('notFound');
    expect(writeCount(await org.stats())).to.equal(0);
    expect(backups(folder)).to.deep.equal([]);
  });

  describe('a permission set group (-g)', () => {
    function groupSeed(): SeedBuilder {
      return new SeedBuilder()
        .users('rep', 2)
        .permissionSet('A')
        .permissionSet('B')
        .add('MutingPermissionSet', { ref: 'Mute', DeveloperName: 'Mute', MasterLabel: 'Mute', PermissionsRunReports: true })
        .add('MutingPermissionSet', { ref: 'Shared_Mute', DeveloperName: 'Shared_Mute', MasterLabel: 'Shared Mute' })
        .group('Team', ['A', 'B', 'Mute'])
        .group('Old', ['A', 'Shared_Mute'])
        .group('Keeper', ['B', 'Shared_Mute'])
        .assignGroup('rep1', 'Team', { ExpirationDate: '@now+10d' })
        .assignGroup('rep2', 'Team');
    }

    it('refuses an assigned group, then retires it with its assignments and its muting set', async () => {
      org = await startTestOrg(groupSeed().build());
      const refused = await retire(['-g', 'Team', '--delete-muting', '--json']);
      expect(refused.code).to.equal(1);
      expect(out(refused).message).to.contain('2 user(s)');
      const run = await retire(['-g', 'Team', '--delete-muting', '--remove-assignments', '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(out(run).result.mutingPermissionSet).to.include({ action: 'deleted' });
      const dump = await org.dump();
      expect(byName(dump, 'PermissionSetGroup', 'DeveloperName', 'Team')).to.equal(undefined);
      expect(byName(dump, 'PermissionSet', 'Name', 'Team'), 'the aggregate set goes with the group').to.equal(undefined);
      expect(byName(dump, 'MutingPermissionSet', 'DeveloperName', 'Mute')).to.equal(undefined);
      expect(byName(dump, 'PermissionSet', 'Name', 'A'), 'member sets stay').not.to.equal(undefined);
      const [file] = backups(folder);
      expect(file).to.match(/^retire-psg-Team-/);
    });

    it('keeps a muting set another group still includes', async () => {
      org = await startTestOrg(groupSeed().build());
      const run = await retire(['-g', 'Old', '--delete-muting', '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(out(run).result.mutingPermissionSet).to.deep.equal({ id: null, action: 'kept', reason: 'USED_ELSEWHERE' });
      expect(byName(await org.dump(), 'MutingPermissionSet', 'DeveloperName', 'Shared_Mute')).not.to.equal(undefined);
    });

    it('refuses --delete-muting without --group', async () => {
      org = await startTestOrg(groupSeed().build());
      const run = await retire(['-n', 'A', '--delete-muting']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('--group');
      expect(writeCount(await org.stats())).to.equal(0);
    });
  });
});
