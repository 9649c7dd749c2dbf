import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type CommandRun } from '../../support/org-harness.js';
import { SeedBuilder } from '../../support/seed-builder.js';
import { ensureSfCli, runSf } from '../../support/sf-cli.js';
import { start, type RunningEmulator } from '../index.js';

type QueryResult = { status: number; result: { totalSize: number; records: Array<Record<string, unknown>> } };

/**
 * Fidelity against a client nobody here wrote: the real Salesforce CLI logs into the emulator and runs its own
 * commands unchanged. If the emulator drifts from the REST API, these break.
 */
describe('the real sf CLI against the emulator', function () {
  this.timeout(600_000);
  let sf: string;
  let emulator: RunningEmulator;
  let home: string;
  const run = (args: string[], env: Record<string, string> = {}): Promise<CommandRun> => runSf(sf, args, home, env);
  const query = async (soql: string): Promise<QueryResult> => {
    const answer = await run(['data', 'query', '--query', soql, '--target-org', 'fid', '--json']);
    expect(answer.code, answer.stdout + answer.stderr).to.equal(0);
    return answer.json as QueryResult;
  };

  before(async () => {
    sf = await ensureSfCli();
    const seed = new SeedBuilder().users('bulk', 2_499).user('off', { IsActive: false }).psl('Seat', 5).permissionSet('Sales').permissionSet('Licensed', { LicenseId: 'ref:Seat' }).group('Team', ['Sales']).assign('bulk1', 'Sales').assignGroup('bulk2', 'Team').build();
    emulator = await start({ seed });
    home = mkdtempSync(join(tmpdir(), 'sf-fidelity-'));
    const login = await run(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'fid'], { SF_ACCESS_TOKEN: emulator.accessToken });
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await emulator?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('logs in with an access token and displays the org as connected', async () => {
    const display = await run(['org', 'display', '--target-org', 'fid', '--json']);
    const result = (display.json as { result: { username: string; id: string; connectedStatus: string } }).result;
    expect([result.username, result.id, result.connectedStatus]).to.deep.equal([emulator.username, emulator.orgId, 'Connected']);
    expect(display.stdout).to.not.include(emulator.accessToken);
  });

  it('answers sf data query with relationship paths, subqueries, aggregates and semi-joins', async () => {
    const paths = await query("SELECT Assignee.Username, Assignee.Profile.UserLicense.Name, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Sales'");
    expect((paths.result.records[0].Assignee as { Username: string }).Username).to.equal('bulk1@test.org');
    const group = await query("SELECT PermissionSetGroup.DeveloperName, PermissionSet.Type FROM PermissionSetAssignment WHERE PermissionSetGroupId != null");
    expect(group.result.records.map((r) => (r.PermissionSet as { Type: string }).Type)).to.deep.equal(['Group']);
    expect((await query('SELECT COUNT() FROM User WHERE IsActive = true')).result.totalSize).to.equal(2_500);
    const byProfile = await query('SELECT Profile.Name, COUNT(Id) n FROM User GROUP BY Profile.Name');
    expect(byProfile.result.records.map((r) => r.n)).to.deep.equal([2_501]);
    const distinct = await query('SELECT COUNT_DISTINCT(ProfileId) FROM User');
    expect(distinct.result.records[0].expr0).to.equal(1);
    const semi = await query("SELECT Username FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Sales')");
    expect(semi.result.records.map((r) => r.Username)).to.deep.equal(['bulk1@test.org']);
    const anti = await query("SELECT COUNT() FROM User WHERE Id NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false)");
    expect(anti.result.totalSize).to.equal(2_499);
    const sub = await query("SELECT Name, (SELECT Assignee.Username FROM Assignments) FROM PermissionSet WHERE Name = 'Sales'");
    expect(sub.result.records[0].Name).to.equal('Sales');
    const psl = await query('SELECT DeveloperName, TotalLicenses, UsedLicenses FROM PermissionSetLicense');
    expect(psl.result.records.map((r) => [r.DeveloperName, r.TotalLicenses, r.UsedLicenses])).to.deep.equal([['Seat', 5, 0]]);
    const ordered = await query("SELECT Username FROM User WHERE Username LIKE 'bulk1%' ORDER BY Username DESC LIMIT 3 OFFSET 1");
    expect(ordered.result.records.map((r) => r.Username)).to.deep.equal(['bulk19@test.org', 'bulk199@test.org', 'bulk1999@test.org']);
    const inactive = await query('SELECT Username FROM User WHERE NOT IsActive = true');
    expect(inactive.result.records.map((r) => r.Username)).to.deep.equal(['off@test.org']);
  });

  it('pages a 2,500-row result through nextRecordsUrl', async () => {
    emulator.server.stats.reset();
    const all = await query('SELECT Id, Username FROM User WHERE IsActive = true');
    expect([all.result.totalSize, all.result.records.length]).to.deep.equal([2_500, 2_500]);
    expect(emulator.server.stats.byEndpoint['GET /query/{locator}']).to.equal(1);
  });

  it("follows a child relationship's own nextRecordsUrl: 2,501 assignments of the admin profile's set", async () => {
    emulator.server.stats.reset();
    const answer = await query("SELECT Name, (SELECT AssigneeId FROM Assignments) FROM PermissionSet WHERE Profile.Name = 'System Administrator'");
    const assignments = answer.result.records[0].Assignments as { done: boolean; records: Array<{ AssigneeId: string }> };
    expect([answer.result.totalSize, assignments.done, new Set(assignments.records.map((r) => r.AssigneeId)).size]).to.deep.equal([1, true, 2_501]);
    expect(emulator.server.stats.byEndpoint['GET /query/{locator}']).to.equal(1);
  });

  it('runs sf org assign permset: the first run creates, the second fails with the duplicate message', async () => {
    const first = await run(['org', 'assign', 'permset', '--name', 'Licensed', '--target-org', 'fid', '--json']);
    expect(first.code, first.stdout).to.equal(0);
    const second = await run(['org', 'assign', 'permset', '--name', 'Licensed', '--target-org', 'fid', '--json']);
    expect(second.code).to.not.equal(0);
    const failures = (second.json as { result: { failures: Array<{ message: string }> } }).result.failures;
    expect(failures[0].message).to.match(/^Duplicate PermissionSetAssignment\. Assignee: 005\w{12}; Permission Set: 0PS\w{12}$/);
    const seats = await query("SELECT UsedLicenses FROM PermissionSetLicense WHERE DeveloperName = 'Seat'");
    expect(seats.result.records[0].UsedLicenses).to.equal(1);
  });

  it('refuses sf data delete record of an assigned permission set', async () => {
    const id = (await query("SELECT Id FROM PermissionSet WHERE Name = 'Licensed'")).result.records[0].Id as string;
    const answer = await run(['data', 'delete', 'record', '--sobject', 'PermissionSet', '--record-id', id, '--target-org', 'fid', '--json']);
    expect(answer.code).to.not.equal(0);
    expect(answer.stdout).to.include('DELETE_FAILED');
    expect((await query(`SELECT Id FROM PermissionSet WHERE Id = '${id}'`)).result.totalSize).to.equal(1);
  });
});
