import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { type AssignResult } from '../../src/services/assign/results.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type CommandRun, type Dump, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: AssignResult };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const writes = (stats: { byMethod: Record<string, number> }): number =>
  (stats.byMethod.POST ?? 0) + (stats.byMethod.PATCH ?? 0) + (stats.byMethod.DELETE ?? 0);
const assignmentsOf = (dump: Dump, userId: string): Array<Record<string, unknown>> =>
  dump.records.PermissionSetAssignment.filter((a) => a.AssigneeId === userId);
const idOf = (dump: Dump, type: string, field: string, value: string): string =>
  String(dump.records[type].find((r) => r[field] === value)?.Id);

describe('sf permset assign (against the emulator)', function () {
  this.timeout(120_000);

  describe('on a small org', () => {
    let org: TestOrg;
    before(async () => {
      const seed = new SeedBuilder()
        .users('rep', 3)
        .user('gone', { IsActive: false })
        .user('platform', { ProfileId: 'ref:prof-platform' })
        .permissionSet('Sales')
        .permissionSet('Case_Export')
        .permissionSet("O'Brien_Ops", { Name: 'OBrien_Ops', Label: "O'Brien Ops" })
        .permissionSet('Sales_Only_License', { LicenseId: 'ref:lic-sf' })
        .group('Support', ['Case_Export'])
        .build();
      org = await startTestOrg(seed);
    });
    after(() => org.stop());

    it('creates what is missing, and a rerun writes nothing and reports everything unchanged', async () => {
      const args = ['permset', 'assign', '-n', 'Sales,Case_Export', '-g', 'Support', '-b', 'rep1@test.org,rep2@test.org', '--json'];
      const first = await org.run(args);
      expect(first.code, first.stderr).to.equal(0);
      expect(out(first).result.summary).to.include({ created: 6, unchanged: 0, blocked: 0, failed: 0 });
      await org.resetStats();
      const second = await org.run(args);
      expect(second.code).to.equal(0);
      expect(out(second).result.summary).to.include({ created: 0, unchanged: 6 });
      expect(writes(await org.stats())).to.equal(0);
    });

    it('reports unknown and inactive users per row and exits 68 when others succeed', async () => {
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep3@test.org,ghost@test.org,gone@test.org', '--json']);
      expect(run.code).to.equal(68);
      const reasons = out(run).result.assignments.map((a) => [a.username, a.action, a.reason]);
      expect(reasons).to.deep.equal([
        ['rep3@test.org', 'created', undefined],
        ['ghost@test.org', 'blocked', 'UNKNOWN_USER'],
        ['gone@test.org', 'blocked', 'INACTIVE_USER'],
      ]);
    });

    it('exits 1 when no requested assignment holds, and names the unknown permission set', async () => {
      const run = await org.run(['permset', 'assign', '-n', 'Nope', '-b', 'rep1@test.org', '--json']);
      expect(run.code).to.equal(1);
      const [row] = out(run).result.assignments;
      expect(row).to.include({ action: 'blocked', reason: 'UNKNOWN_PERMISSION_SET' });
      expect(row.message).to.contain('Nope');
    });

    it('refuses a user license mismatch before Salesforce does', async () => {
      const run = await org.run(['permset', 'assign', '-n', 'Sales_Only_License', '-b', 'platform@test.org', '--json']);
      expect(out(run).result.assignments[0]).to.include({ action: 'blocked', reason: 'LICENSE_MISMATCH' });
    });

    it('sets, changes and clears an expiration in place', async () => {
      const user = ['-n', 'Case_Export', '-b', 'rep3@test.org', '--json'];
      expect(out(await org.run(['permset', 'assign', ...user, '--expiration-date', '2031-01-01'])).result.summary.created).to.equal(1);
      const changed = out(await org.run(['permset', 'assign', ...user, '--expiration-date', '2032-06-30T12:00:00Z'])).result;
      expect(changed.summary.updated).to.equal(1);
      const kept = out(await org.run(['permset', 'assign', ...user])).result;
      expect(kept.summary.unchanged).to.equal(1);
      const dump = await org.dump();
      const userId = idOf(dump, 'User', 'Username', 'rep3@test.org');
      const psId = idOf(dump, 'PermissionSet', 'Name', 'Case_Export');
      const row = assignmentsOf(dump, userId).find((a) => a.PermissionSetId === psId)!;
      expect(Date.parse(String(row.ExpirationDate))).to.equal(Date.parse('2032-06-30T12:00:00Z'));
      expect(out(await org.run(['permset', 'assign', ...user, '--expiration-date', 'never'])).result.summary.updated).to.equal(1);
      const cleared = assignmentsOf(await org.dump(), userId).find((a) => a.PermissionSetId === psId)!;
      expect(cleared.ExpirationDate ?? null).to.equal(null);
    });

    it('finds a permission set whose label has a quote, and an injection attempt touches nothing', async () => {
      const ok = await org.run(['permset', 'assign', '-n', 'OBrien_Ops', '-b', 'rep1@test.org', '--json']);
      expect(out(ok).result.summary.created).to.equal(1);
      const before = (await org.dump()).records.PermissionSetAssignment.length;
      const attack = await org.run(['permset', 'assign', '-n', "x' OR Name != '", '-b', "rep1@test.org' OR Username != '", '--json']);
      expect(attack.code).to.equal(1);
      expect(out(attack).result.assignments[0].reason).to.equal('UNKNOWN_USER');
      expect((await org.dump()).records.PermissionSetAssignment.length).to.equal(before);
    });

    it('writes nothing on a dry run and says what it would do', async () => {
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'rep1@test.org,rep2@test.org,admin@test.org', '--dry-run', '--json']);
      expect(out(run).result.summary).to.include({ dryRun: true, toCreate: 1, unchanged: 2 });
      expect(writes(await org.stats())).to.equal(0);
    });

    it('prints a summary and a table of the rows that did not hold', async () => {
      const run = await org.run(['permset', 'assign', '-n', 'Sales', '-b', 'ghost@test.org,rep1@test.org']);
      expect(run.code).to.equal(68);
      expect(run.stdout).to.match(/2 assignments: created 0, updated 0, unchanged 1, blocked 1, failed 0/);
      expect(run.stdout).to.contain('UNKNOWN_USER');
      expect(run.stdout).to.contain('ghost@test.org');
    });

    it('refuses bad flags before sending a write', async () => {
      await org.resetStats();
      const past = await org.run(['permset', 'assign', '-n', 'Sales', '--expiration-date', '2001-01-01']);
      expect(past.code).to.equal(1);
      expect(past.stderr).to.contain('2001-01-01');
      const none = await org.run(['permset', 'assign']);
      expect(none.code).to.equal(1);
      expect(none.stderr).to.contain('--name');
      expect(writes(await org.stats())).to.equal(0);
    });
  });

  describe('groups, licenses and files', () => {
    let org: TestOrg;
    before(async () => {
      const seed = new SeedBuilder()
        .users('u', 6)
        .psl('Analytics_PSL', 4)
        .holdPsl('u1', 'Analytics_PSL')
        .holdPsl('u2', 'Analytics_PSL')
        .permissionSet('Analytics', { LicenseId: 'ref:Analytics_PSL' })
        .permissionSet('Reports')
        .group('Insights', ['Analytics'])
        .group('Late', ['Reports'], { __status: 'Outdated' })
        .group('Broken', ['Reports'], { __status: 'Failed' })
        .build();
      org = await startTestOrg(seed, { recalcMs: 5_000 });
    });
    after(() => org.stop());

    it('spends the last free PSL seats in input order, blocks the rest and says how many are missing', async () => {
      // 4 seats, 2 used: u1 holds one already, u3 and u4 take the two free seats, u5 and u6 are blocked.
      const run = await org.run(['permset', 'assign', '-n', 'Analytics', '-b', 'u1@test.org,u3@test.org,u4@test.org,u5@test.org,u6@test.org', '--json']);
      expect(run.code).to.equal(68);
      const result = out(run).result;
      expect(result.assignments.map((a) => a.action)).to.deep.equal(['created', 'created', 'created', 'blocked', 'blocked']);
      expect(result.assignments[3].reason).to.equal('PSL_SEATS_EXHAUSTED');
      expect(result.summary.licenseShortfalls).to.deep.equal([{ license: 'Analytics_PSL', free: 2, missing: 2 }]);
    });

    it('assigns the PSL a group needs before the group (Salesforce does not for groups)', async () => {
      const run = await org.run(['permset', 'assign', '-g', 'Insights', '-b', 'u2@test.org', '--json']);
      expect(run.code, run.stdout).to.equal(0);
      expect(out(run).result.summary.created).to.equal(1);
    });

    it('waits for a group that is still recalculating and then assigns it', async () => {
      // Editing a group starts a recalculation (Outdated -> Updating -> Updated after recalcMs, 5 s here: longer than the CLI's start-up even on a busy machine).
      const groupId = idOf(await org.dump(), 'PermissionSetGroup', 'DeveloperName', 'Late');
      const edit = await fetch(`${org.instanceUrl}/services/data/v62.0/sobjects/PermissionSetGroup/${groupId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ Description: 'touched' }),
      });
      expect(edit.status).to.equal(204);
      const run = await org.run(['permset', 'assign', '-g', 'Late', '-b', 'u1@test.org', '--wait', '1']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/Late: (Outdated|Updating)/);
      expect(run.stdout).to.contain('Late: Updated');
    });

    it('does not wait for a Failed group', async () => {
      const run = await org.run(['permset', 'assign', '-g', 'Broken', '-b', 'u1@test.org', '--json']);
      expect(run.code).to.equal(1);
      expect(out(run).result.assignments[0].reason).to.equal('GROUP_FAILED');
    });

    it('assigns from a CSV file and refuses a malformed one without writing', async () => {
      const good = join(org.home, 'good.csv');
      writeFileSync(good, 'username,permissionSet,permissionSetGroup,expirationDate\nu3@test.org,Reports,,2030-01-01\nu4@test.org,,Insights,\nnobody@test.org,Reports,,\n');
      const run = await org.run(['permset', 'assign', '-f', good, '--json']);
      expect(run.code).to.equal(68);
      expect(out(run).result.assignments.map((a) => a.action)).to.deep.equal(['created', 'created', 'blocked']);
      const bad = join(org.home, 'bad.csv');
      writeFileSync(bad, 'username,permissionSet\nu5@test.org,Reports\nu6@test.org,Reports,extra\n');
      await org.resetStats();
      const refused = await org.run(['permset', 'assign', '-f', bad]);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.contain('bad.csv');
      expect(writes(await org.stats())).to.equal(0);
    });
  });

  describe('on 2,500 users', () => {
    let org: TestOrg;
    before(async () => {
      const seed = new SeedBuilder().users('bulk', 2_500).permissionSet('A').permissionSet('B').permissionSet('C').permissionSet('D').build();
      org = await startTestOrg(seed);
    });
    after(() => org.stop());

    it('writes 10,000 assignments in 50 collection requests, and the rerun reads them across query pages', async () => {
      const file = join(org.home, 'bulk.csv');
      const lines = ['username,permissionSet'];
      for (let i = 1; i <= 2_500; i++) for (const ps of ['A', 'B', 'C', 'D']) lines.push(`bulk${i}@test.org,${ps}`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const first = await org.run(['permset', 'assign', '-f', file, '--json']);
      expect(first.code, first.stderr + first.stdout.slice(0, 3000)).to.equal(0);
      expect(out(first).result.summary.created).to.equal(10_000);
      expect(writes(await org.stats())).to.equal(50);
      await org.resetStats();
      const second = await org.run(['permset', 'assign', '-f', file, '--json']);
      expect(out(second).result.summary.unchanged).to.equal(10_000);
      const stats = await org.stats();
      expect(writes(stats)).to.equal(0);
      expect(stats.byEndpoint['GET /query/{locator}'] ?? 0, JSON.stringify(stats.byEndpoint)).to.be.greaterThan(0);
    });
  });
});
