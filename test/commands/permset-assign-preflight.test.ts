import { expect } from 'chai';
import { type AssignResult } from '../../src/services/assign/results.js';
import { SeedBuilder, type Seed } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: AssignResult; message?: string; actions?: string[] };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};

/**
 * The org's running user is `clerk`, on a profile granting no user-management permission; `grant` may give
 * clerk more (an assigned permission set). rep already holds Held.
 */
function clerkOrg(grant: (b: SeedBuilder) => SeedBuilder = (b) => b): Seed {
  const seed = grant(
    new SeedBuilder()
      .add('Profile', { ref: 'prof-clerk', Name: 'Clerk', UserLicenseId: 'ref:lic-sf', PermissionsApiEnabled: true })
      .user('clerk', { ProfileId: 'ref:prof-clerk' })
      .users('rep', 2)
      .psl('Cpq', 10)
      .permissionSet('Sales')
      .permissionSet('Held')
      .permissionSet('Quote_Member', { LicenseId: 'ref:Cpq' })
      .permissionSet('Assigner', { PermissionsAssignPermissionSets: true })
      .group('Quoting', ['Quote_Member'])
      .assign('rep1', 'Held')
  ).build();
  seed.org.username = 'clerk@test.org';
  return seed;
}

describe('sf permset assign: the running user\'s preflight', function () {
  this.timeout(120_000);

  describe('as a user without Assign Permission Sets', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg(clerkOrg());
    });
    after(() => org.stop());

    it('stops before the first write, exit 1, naming the permission and the user, with actions', async () => {
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep1@test.org,rep2@test.org', '--json']);
      expect(run.code, run.stdout).to.equal(1);
      const json = out(run);
      expect(json.message).to.contain('clerk@test.org').and.contain('Assign Permission Sets (PermissionsAssignPermissionSets)').and.contain('Nothing was written');
      expect(json.actions?.join(' ')).to.contain('--dry-run');
      expect(writeCount(await org.stats())).to.equal(0);
      const dump = await org.dump();
      expect(dump.records.PermissionSetAssignment.filter((a) => String(a.PermissionSetId) === String(dump.records.PermissionSet.find((s) => s.Name === 'Sales')?.Id))).to.deep.equal([]);
    });

    it('says it in words without --json too', async () => {
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep2@test.org']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('User clerk@test.org lacks Assign Permission Sets');
    });

    it('a dry run stays read-only and needs no permission: the plan, exit 0, no write', async () => {
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep1@test.org', '--dry-run', '--json']);
      expect(run.code, run.stdout).to.equal(0);
      expect(out(run).result.assignments.map((a) => a.action)).to.deep.equal(['toCreate']);
      expect(writeCount(await org.stats())).to.equal(0);
    });

    it('a rerun with nothing to write sends no preflight and succeeds', async () => {
      const dry = out(await org.run(['permset', 'assign', '-n', 'Held', '-b', 'rep1@test.org', '--dry-run', '--json'])).result.summary.requests;
      const run = await org.run(['permset', 'assign', '-n', 'Held', '-b', 'rep1@test.org', '--json']);
      expect(run.code, run.stdout).to.equal(0);
      expect(out(run).result.summary).to.include({ unchanged: 1 });
      expect(out(run).result.summary.requests).to.deep.equal(dry);
    });
  });

  describe('as a user holding Assign Permission Sets through a permission set, not Manage Users', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg(clerkOrg((b) => b.assign('clerk', 'Assigner')));
    });
    after(() => org.stop());

    it('assigns permission sets, with exactly one request more than the dry run (the preflight)', async () => {
      const dry = out(await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep1@test.org,rep2@test.org', '--dry-run', '--json'])).result.summary.requests;
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep1@test.org,rep2@test.org', '--json']);
      expect(run.code, run.stdout).to.equal(0);
      expect(out(run).result.summary).to.include({ created: 2 });
      expect(out(run).result.summary.requests.reads).to.equal(dry.reads + 1);
    });

    it('refuses a group whose members need a permission set license (the run may assign seats), naming Manage Users', async () => {
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-g', 'Quoting', '-n', 'Held', '-b', 'rep2@test.org', '--json']);
      expect(run.code).to.equal(1);
      expect(out(run).message).to.contain('Manage Users (PermissionsManageUsers)').and.not.contain('Assign Permission Sets (');
      expect(writeCount(await org.stats())).to.equal(0);
    });
  });
});
