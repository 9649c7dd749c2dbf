import { expect } from 'chai';
import { type AssignResult } from '../../src/services/assign/results.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: AssignResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};

describe('sf permset assign: expirations Salesforce refuses, session-based sets and groups', function () {
  this.timeout(120_000);
  let org: TestOrg;
  before(async () => {
    const seed = new SeedBuilder()
      .users('rep', 4)
      .permissionSet('Plain')
      .permissionSet('User_Admin', { PermissionsManageUsers: true })
      .permissionSet('Member_Admin', { PermissionsManageProfilesPermissionsets: true })
      .permissionSet('Elevate', { HasActivationRequired: true })
      .group('Admin_Team', ['Plain', 'Member_Admin'])
      .group('Plain_Team', ['Plain'])
      .group('Session_Team', ['Plain'], { HasActivationRequired: true })
      .build();
    org = await startTestOrg(seed);
  });
  after(() => org.stop());

  it('blocks an expiration on a group through the member that grants Manage Profiles and Permission Sets, and on a set granting Manage Users; sends neither', async () => {
    await org.resetStats();
    const run = await org.run(['permset', 'assign', '-g', 'Admin_Team', '-n', 'User_Admin,Plain', '-b', 'rep1@test.org', '--expiration-date', '2031-01-01', '--json']);
    expect(run.code, run.stdout).to.equal(68);
    const rows = out(run).result.assignments;
    expect(rows.map((a) => [a.permissionSet ?? a.permissionSetGroup, a.action, a.reason])).to.deep.equal([
      ['User_Admin', 'blocked', 'EXPIRATION_NOT_ALLOWED'],
      ['Plain', 'created', undefined],
      ['Admin_Team', 'blocked', 'EXPIRATION_NOT_ALLOWED'],
    ]);
    expect(rows[0].message).to.contain('Manage Users (PermissionsManageUsers)');
    expect(rows[2].message).to.contain('Admin_Team').and.contain('Member_Admin').and.contain('Manage Profiles and Permission Sets (PermissionsManageProfilesPermissionsets)');
    const dump = await org.dump();
    const rep1 = String(dump.records.User.find((u) => u.Username === 'rep1@test.org')?.Id);
    const held = dump.records.PermissionSetAssignment.filter((a) => a.AssigneeId === rep1 && a.ExpirationDate);
    expect(held).to.have.length(1); // Plain only
    expect(writeCount(await org.stats())).to.equal(1); // one collection request, carrying Plain alone
  });

  it('assigns the same group and set without an expiration', async () => {
    const run = await org.run(['permset', 'assign', '-g', 'Admin_Team', '-n', 'User_Admin', '-b', 'rep1@test.org', '--json']);
    expect(run.code, run.stdout).to.equal(0);
    expect(out(run).result.summary).to.include({ created: 2, blocked: 0 });
  });

  it('assigns a session-based set and group, reports each row SESSION_BASED in --json, and costs no extra request', async () => {
    const plain = out(await org.run(['permset', 'assign', '-n', 'Plain', '-g', 'Plain_Team', '-b', 'rep2@test.org', '--json'])).result;
    const run = await org.run(['permset', 'assign', '-n', 'Elevate', '-g', 'Session_Team', '-b', 'rep3@test.org', '--json']);
    expect(run.code, run.stdout).to.equal(0);
    const result = out(run).result;
    expect(result.assignments.map((a) => [a.action, a.warnings])).to.deep.equal([
      ['created', ['SESSION_BASED']],
      ['created', ['SESSION_BASED']],
    ]);
    expect(plain.assignments.every((a) => a.warnings === undefined)).to.equal(true);
    expect(result.summary.requests).to.deep.equal(plain.summary.requests);
    const dump = await org.dump();
    const rep3 = String(dump.records.User.find((u) => u.Username === 'rep3@test.org')?.Id);
    expect(dump.records.PermissionSetAssignment.filter((a) => a.AssigneeId === rep3)).to.have.length(3); // profile set, Elevate, Session_Team
  });

  it('shows session-based targets in the human table and warns that access needs session activation (a warning, exit 0)', async () => {
    const run = await org.run(['permset', 'assign', '-n', 'Elevate,Plain', '-g', 'Session_Team', '-b', 'rep3@test.org,rep4@test.org']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Elevate\s.*session-based/).and.match(/Session_Team\s.*session-based/);
    expect(run.stdout).to.not.match(/Plain\s.*session-based/);
    expect(run.stderr).to.contain('Session-based (activation required): Elevate, Session_Team').and.contain('activated in the user\'s session');
  });

  it('a dry run marks them too, and writes nothing', async () => {
    await org.resetStats();
    const run = await org.run(['permset', 'assign', '-n', 'Elevate', '-b', 'rep2@test.org', '--dry-run', '--json']);
    expect(out(run).result.assignments[0]).to.deep.include({ action: 'toCreate', warnings: ['SESSION_BASED'] });
    expect(writeCount(await org.stats())).to.equal(0);
  });
});
