import { expect } from 'chai';
import { SeedBuilder, type Seed } from '../../support/seed-builder.js';
import { errorCodeOf, errorMessageOf, TestClient, V } from './client.js';

const PERMISSIONS = 'SELECT PermissionsAssignPermissionSets, PermissionsManageUsers, PermissionsManageProfilesPermissionsets FROM UserPermissionAccess';

/** An org whose running user is `clerk`, on a profile granting nothing, plus whatever `extra` adds. */
function clerkSeed(extra: (b: SeedBuilder) => SeedBuilder = (b) => b): Seed {
  const seed = extra(
    new SeedBuilder()
      .add('Profile', { ref: 'prof-clerk', Name: 'Clerk', UserLicenseId: 'ref:lic-sf', PermissionsApiEnabled: true })
      .user('clerk', { ProfileId: 'ref:prof-clerk' })
      .user('rep')
      .psl('Cpq', 5)
      .permissionSet('Sales')
      .permissionSet('Other')
      .permissionSet('Assigner', { PermissionsAssignPermissionSets: true })
      .group('Team', ['Sales'])
      .assign('rep', 'Other')
  ).build();
  seed.org.username = 'clerk@test.org';
  return seed;
}

const flags = (rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> => rows.map(({ attributes: _, ...rest }) => rest);

async function ids(client: TestClient): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const u of ['clerk', 'rep']) out[u] = await client.idOf(`SELECT Id FROM User WHERE Username = '${u}@test.org'`);
  for (const s of ['Sales', 'Other']) out[s] = await client.idOf(`SELECT Id FROM PermissionSet WHERE Name = '${s}'`);
  out.Team = await client.idOf("SELECT Id FROM PermissionSetGroup WHERE DeveloperName = 'Team'");
  out.Cpq = await client.idOf("SELECT Id FROM PermissionSetLicense WHERE DeveloperName = 'Cpq'");
  out.assignment = await client.idOf(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${out.rep}' AND PermissionSetId = '${out.Other}'`);
  out.component = await client.idOf(`SELECT Id FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = '${out.Team}'`);
  return out;
}

describe('emulator rules: the running user\'s permissions for writes', () => {
  describe('logged in as a user whose profile grants none of them', () => {
    let client: TestClient;
    let id: Record<string, string>;
    before(async () => {
      client = await TestClient.start({ seed: clerkSeed() });
      id = await ids(client);
    });
    after(() => client.stop());

    it('logs in as the seed\'s org.username, and UserPermissionAccess says what that user lacks', async () => {
      const { records } = await client.query<Record<string, boolean>>(PERMISSIONS);
      expect(flags(records)).to.deep.equal([{ PermissionsAssignPermissionSets: false, PermissionsManageUsers: false, PermissionsManageProfilesPermissionsets: false }]);
      const me = (await client.call('GET', '/services/oauth2/userinfo')).body as { user_id: string };
      expect(me.user_id).to.equal(id.clerk);
    });

    it('refuses inserting and deleting a PermissionSetAssignment, single and in collections, and writes nothing', async () => {
      const single = await client.create('PermissionSetAssignment', { AssigneeId: id.rep, PermissionSetId: id.Sales });
      expect([single.status, errorCodeOf(single.body)]).to.deep.equal([400, 'INSUFFICIENT_ACCESS_OR_READONLY']);
      expect(errorMessageOf(single.body)).to.contain('PermissionsAssignPermissionSets');
      const group = await client.collection('POST', [{ attributes: { type: 'PermissionSetAssignment' }, AssigneeId: id.rep, PermissionSetGroupId: id.Team }]);
      expect([group.status, errorCodeOf(group.body)]).to.deep.equal([200, 'INSUFFICIENT_ACCESS_OR_READONLY']);
      const removed = await client.call('DELETE', `${V}/composite/sobjects?ids=${id.assignment}`);
      expect(errorCodeOf(removed.body)).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
      const rows = await client.query<{ PermissionSetId: string }>(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${id.rep}' AND PermissionSet.IsOwnedByProfile = false`);
      expect(rows.records.map((r) => r.PermissionSetId)).to.deep.equal([id.Other]);
    });

    it('refuses a permission set license seat (Manage Users) and group, component and set edits (Manage Profiles and Permission Sets)', async () => {
      const seat = await client.create('PermissionSetLicenseAssign', { AssigneeId: id.rep, PermissionSetLicenseId: id.Cpq });
      expect(errorCodeOf(seat.body)).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
      expect(errorMessageOf(seat.body)).to.contain('PermissionsManageUsers');
      const component = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: id.Team, PermissionSetId: id.Other });
      expect(errorMessageOf(component.body)).to.contain('PermissionsManageProfilesPermissionsets');
      for (const path of [`PermissionSetGroupComponent/${id.component}`, `PermissionSet/${id.Sales}`, `PermissionSetGroup/${id.Team}`]) {
        const answer = await client.call('DELETE', `${V}/sobjects/${path}`);
        expect([answer.status, errorCodeOf(answer.body)], path).to.deep.equal([400, 'INSUFFICIENT_ACCESS_OR_READONLY']);
      }
      const created = await client.create('PermissionSet', { Name: 'New_Set', Label: 'New Set' });
      expect(errorCodeOf(created.body)).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
      expect((await client.query(`SELECT Id FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = '${id.Team}'`)).totalSize).to.equal(1);
    });
  });

  it('takes the permission from an assigned permission set too: Assign Permission Sets lets the user assign, not edit groups', async () => {
    const client = await TestClient.start({ seed: clerkSeed((b) => b.assign('clerk', 'Assigner')) });
    try {
      const id = await ids(client);
      expect((await client.create('PermissionSetAssignment', { AssigneeId: id.rep, PermissionSetId: id.Sales })).status).to.equal(201);
      expect((await client.call('DELETE', `${V}/sobjects/PermissionSetAssignment/${id.assignment}`)).status).to.equal(204);
      const component = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: id.Team, PermissionSetId: id.Other });
      expect(errorCodeOf(component.body)).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
    } finally {
      await client.stop();
    }
  });

  it('a System Administrator profile silent about them holds all three; one that sets Assign Permission Sets false is refused', async () => {
    const silent = await TestClient.start({ seed: new SeedBuilder().user('rep').permissionSet('Sales').build() });
    try {
      expect(flags((await silent.query<Record<string, boolean>>(PERMISSIONS)).records)).to.deep.equal([
        { PermissionsAssignPermissionSets: true, PermissionsManageUsers: true, PermissionsManageProfilesPermissionsets: true },
      ]);
    } finally {
      await silent.stop();
    }
    const seed = new SeedBuilder().user('rep').permissionSet('Sales').build();
    seed.records.Profile[0].PermissionsAssignPermissionSets = false;
    const stated = await TestClient.start({ seed });
    try {
      const rep = await stated.idOf("SELECT Id FROM User WHERE Username = 'rep@test.org'");
      const sales = await stated.idOf("SELECT Id FROM PermissionSet WHERE Name = 'Sales'");
      const answer = await stated.create('PermissionSetAssignment', { AssigneeId: rep, PermissionSetId: sales });
      expect(errorCodeOf(answer.body)).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
      expect((await stated.query<Record<string, boolean>>(PERMISSIONS)).records[0].PermissionsManageUsers).to.equal(true);
    } finally {
      await stated.stop();
    }
  });
});
