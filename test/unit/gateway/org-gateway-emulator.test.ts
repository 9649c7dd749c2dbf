import { expect } from 'chai';
import { OrgGateway, connectionPort } from '../../../src/gateway/index.js';
import { start, type RunningEmulator } from '../../emulator/index.js';
import { emulatorConnection } from '../../support/emulator-connection.js';
import { SeedBuilder } from '../../support/seed-builder.js';

type Children<T> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] };
type User = { Id: string; PermissionSetAssignments: Children<{ PermissionSetId: string }> };

/**
 * The real gateway over a real @salesforce/core Connection against the emulator, which cuts child relationships
 * the way Salesforce counts them (child rows fill the 2,000-row batch): whatever the org cuts, the gateway reads.
 */
describe('OrgGateway against the emulator: parent-child queries read completely', () => {
  let emulator: RunningEmulator;
  let gateway: OrgGateway;
  const locatorReads = (): number => emulator.server.stats.byEndpoint['GET /query/{locator}'] ?? 0;

  before(async () => {
    // 2,501 users on the admin profile, each assigned its permission set; 300 of them hold Sales as well.
    const seed = new SeedBuilder().users('p', 2500).permissionSet('Sales');
    for (let i = 1; i <= 300; i++) seed.assign(`p${i}`, 'Sales');
    emulator = await start({ seed: seed.build() });
    gateway = new OrgGateway(connectionPort(await emulatorConnection(emulator)));
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.server.stats.reset();
    gateway.stats.reads = 0;
  });

  it('reads every parent once with all its children when children push pages past 2,000 rows', async () => {
    const users = await gateway.query<User>('SELECT Id, (SELECT PermissionSetId FROM PermissionSetAssignments) FROM User');
    expect(new Set(users.map((u) => u.Id)).size).to.equal(2501);
    expect(users.reduce((sum, u) => sum + u.PermissionSetAssignments.records.length, 0)).to.equal(2501 + 300);
    expect([gateway.stats.reads, locatorReads()]).to.deep.equal([3, 2]);
  });

  it("follows a single parent's child relationship through its own nextRecordsUrl", async () => {
    const [set] = await gateway.query<{ Assignments: Children<{ AssigneeId: string }> }>(
      "SELECT Name, (SELECT AssigneeId FROM Assignments) FROM PermissionSet WHERE Profile.Name = 'System Administrator'"
    );
    expect([set.Assignments.done, set.Assignments.nextRecordsUrl, set.Assignments.records.length]).to.deep.equal([true, undefined, 2501]);
    expect(new Set(set.Assignments.records.map((a) => a.AssigneeId)).size).to.equal(2501);
    expect([gateway.stats.reads, locatorReads()]).to.deep.equal([2, 1]);
  });

  it("reads a cut page's nested child relationships before the parent's next page, which would close them", async () => {
    const profiles = await gateway.query<{ Name: string; Users: Children<User> | null }>(
      'SELECT Name, (SELECT Id, (SELECT PermissionSetId FROM PermissionSetAssignments) FROM Users) FROM Profile ORDER BY Name DESC'
    );
    expect(profiles.map((p) => [p.Name, p.Users?.records.length ?? 0])).to.deep.equal([
      ['System Administrator', 2501],
      ['Platform User', 0],
    ]);
    const users = profiles[0].Users?.records ?? [];
    expect(users.reduce((sum, u) => sum + u.PermissionSetAssignments.records.length, 0)).to.equal(2801);
    // Parent page 1 (the admin profile, its Users cut at 849), 2 pages of Users, parent page 2.
    expect([gateway.stats.reads, locatorReads()]).to.deep.equal([4, 3]);
  });
});
