import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SeedBuilder, type Seed } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; message?: string; actions?: string[] };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const ORG_ID = '00D000000000001EAA';

/**
 * Legacy in two groups, assigned to rep1; the running user is `clerk` (a profile granting nothing) holding the
 * sets named in `holds`, or the org's admin when `holds` is undefined. Every org has the same Id, so a backup taken
 * on one is accepted by another.
 */
function org(holds?: Array<'Assigner' | 'Profiler'>): Seed {
  const b = new SeedBuilder()
    .add('Profile', { ref: 'prof-clerk', Name: 'Clerk', UserLicenseId: 'ref:lic-sf', PermissionsApiEnabled: true })
    .user('clerk', { ProfileId: 'ref:prof-clerk' })
    .users('rep', 2)
    .permissionSet('Legacy')
    .permissionSet('Other')
    .permissionSet('Assigner', { PermissionsAssignPermissionSets: true })
    .permissionSet('Profiler', { PermissionsManageProfilesPermissionsets: true })
    .group('G1', ['Legacy', 'Other'])
    .group('G2', ['Legacy'])
    .assign('rep1', 'Legacy');
  for (const set of holds ?? []) b.assign('clerk', set);
  const seed = b.build();
  (seed.org as Seed['org'] & { orgId: string }).orgId = ORG_ID;
  if (holds) seed.org.username = 'clerk@test.org';
  return seed;
}

describe('sf psg retire / restore: the running user\'s preflight', function () {
  this.timeout(180_000);
  let folder: string;
  let testOrg: TestOrg | undefined;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'psg-preflight-'));
  });
  afterEach(async () => {
    await testOrg?.stop();
    testOrg = undefined;
    rmSync(folder, { recursive: true, force: true });
  });
  const backups = (): string[] => readdirSync(folder).filter((f) => f.startsWith('retire-'));

  it('retire without Manage Profiles and Permission Sets: exit 1 naming it and the user, no write, no backup file', async () => {
    testOrg = await startTestOrg(org(['Assigner']));
    const run = await testOrg.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--json'], { cwd: folder });
    expect(run.code, run.stdout).to.equal(1);
    expect(out(run).message).to.contain('clerk@test.org').and.contain('Manage Profiles and Permission Sets (PermissionsManageProfilesPermissionsets)');
    expect(out(run).message).to.not.contain('Assign Permission Sets (');
    expect(writeCount(await testOrg.stats())).to.equal(0);
    expect(backups()).to.deep.equal([]);
  });

  it('retire with assignments to remove but without Assign Permission Sets: refused the same way; a dry run passes, read-only', async () => {
    testOrg = await startTestOrg(org(['Profiler']));
    const run = await testOrg.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--json'], { cwd: folder });
    expect(run.code).to.equal(1);
    expect(out(run).message).to.contain('Assign Permission Sets (PermissionsAssignPermissionSets)').and.not.contain('Manage Profiles');
    const dry = await testOrg.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--dry-run', '--json'], { cwd: folder });
    expect(dry.code, dry.stdout).to.equal(0);
    expect(writeCount(await testOrg.stats())).to.equal(0);
    expect(backups()).to.deep.equal([]);
  });

  it('retire of an unassigned set needs only Manage Profiles and Permission Sets', async () => {
    testOrg = await startTestOrg(org(['Profiler']));
    const run = await testOrg.run(['psg', 'retire', '-n', 'Other', '--json'], { cwd: folder });
    expect(run.code, run.stdout).to.equal(0);
  });

  it('restore without the permissions: exit 1 naming both, nothing recreated', async () => {
    const admin = await startTestOrg(org());
    try {
      const retired = await admin.run(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--json'], { cwd: folder });
      expect(retired.code, retired.stdout).to.equal(0);
    } finally {
      await admin.stop();
    }
    const [file] = backups();
    // The same org as it is after the retirement, logged in as clerk who holds neither permission.
    const after = org([]);
    after.records.PermissionSetGroupComponent = after.records.PermissionSetGroupComponent.filter((c) => c.PermissionSetId !== 'ref:Legacy');
    after.records.PermissionSetAssignment = after.records.PermissionSetAssignment.filter((a) => a.PermissionSetId !== 'ref:Legacy');
    after.records.PermissionSet = after.records.PermissionSet.filter((s) => s.ref !== 'Legacy');
    testOrg = await startTestOrg(after);
    const run = await testOrg.run(['psg', 'restore', '--file', join(folder, file), '--json']);
    expect(run.code, run.stdout).to.equal(1);
    expect(out(run).message).to.contain('clerk@test.org').and.contain('Assign Permission Sets (PermissionsAssignPermissionSets), Manage Profiles and Permission Sets');
    expect(writeCount(await testOrg.stats())).to.equal(0);
    expect((await testOrg.dump()).records.PermissionSet.some((s) => s.Name === 'Legacy')).to.equal(false);
  });
});
