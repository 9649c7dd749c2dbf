import { expect } from 'chai';
import { errorCodeOf, errorMessageOf, TestClient, V } from './client.js';
import { rulesSeed } from './fixtures.js';

describe('emulator rules: permission set assignment', () => {
  let client: TestClient;
  const ids: Record<string, string> = {};

  before(async () => {
    client = await TestClient.start({ seed: rulesSeed() });
    for (const name of ['u1', 'u2', 'u3', 'inactive1']) ids[name] = await client.idOf(`SELECT Id FROM User WHERE Username = '${name}@test.org'`);
    for (const name of ['Sales', 'Service', 'SfOnly', 'PslSet', 'GroupPslSet', 'AdminPs']) {
      ids[name] = await client.idOf(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`);
    }
    for (const name of ['G1', 'GPsl', 'GOut', 'GFail']) ids[name] = await client.idOf(`SELECT Id FROM PermissionSetGroup WHERE DeveloperName = '${name}'`);
    for (const name of ['PslOne', 'PslTwo']) ids[name] = await client.idOf(`SELECT Id FROM PermissionSetLicense WHERE DeveloperName = '${name}'`);
  });
  after(() => client.stop());

  it('refuses a second assignment of the same pair with the duplicate message real orgs give', async () => {
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.u3, PermissionSetId: ids.Sales });
    expect(answer.status).to.equal(400);
    expect(errorCodeOf(answer.body)).to.equal('DUPLICATE_VALUE');
    expect(errorMessageOf(answer.body)).to.equal(
      `Duplicate PermissionSetAssignment. Assignee: ${ids.u3.slice(0, 15)}; Permission Set: ${ids.Sales.slice(0, 15)}`
    );
  });

  it('creates a new assignment and answers 201 with the id', async () => {
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetId: ids.Sales });
    expect(answer.status).to.equal(201);
    expect((answer.body as { id: string }).id).to.match(/^0Pa[a-zA-Z0-9]{15}$/);
  });

  it('refuses a permission set whose user license differs from the assignee profile license', async () => {
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: ids.SfOnly });
    expect(errorCodeOf(answer.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    const same = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetId: ids.SfOnly });
    expect(same.status).to.equal(201);
  });

  it('refuses an inactive assignee', async () => {
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.inactive1, PermissionSetId: ids.Service });
    expect(answer.status).to.equal(400);
    expect(errorCodeOf(answer.body)).to.equal('INVALID_CROSS_REFERENCE_KEY');
  });

  it('assigns the PSL with a PSL-licensed set while seats last, then refuses; seats survive deactivation', async () => {
    const seats = async (): Promise<number> =>
      (await client.query<{ UsedLicenses: number }>(`SELECT UsedLicenses FROM PermissionSetLicense WHERE Id = '${ids.PslOne}'`)).records[0].UsedLicenses;
    expect(await seats()).to.equal(0);
    expect((await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetId: ids.PslSet })).status).to.equal(201);
    expect((await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: ids.PslSet })).status).to.equal(201);
    expect(await seats()).to.equal(2);
    const held = await client.query(`SELECT Id FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = '${ids.PslOne}'`);
    expect(held.totalSize).to.equal(2);
    const third = await client.create('PermissionSetAssignment', { AssigneeId: ids.u3, PermissionSetId: ids.PslSet });
    expect(errorCodeOf(third.body)).to.equal('LICENSE_LIMIT_EXCEEDED');
    expect((await client.query(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${ids.u3}' AND PermissionSetId = '${ids.PslSet}'`)).totalSize).to.equal(0);
    expect((await client.call('PATCH', `${V}/sobjects/User/${ids.u2}`, { IsActive: false })).status).to.equal(204);
    expect(await seats()).to.equal(2);
    expect((await client.call('PATCH', `${V}/sobjects/User/${ids.u2}`, { IsActive: true })).status).to.equal(204);
  });

  it('refuses to remove a PSL seat while an assigned set needs it', async () => {
    const seat = await client.idOf(`SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = '${ids.u1}' AND PermissionSetLicenseId = '${ids.PslOne}'`);
    const answer = await client.call('DELETE', `${V}/sobjects/PermissionSetLicenseAssign/${seat}`);
    expect(answer.status).to.equal(400);
    expect(errorCodeOf(answer.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
  });

  it('assigns a group only while it is Updated, with the message Salesforce gives', async () => {
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.GOut });
    expect(errorCodeOf(answer.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    expect(errorMessageOf(answer.body)).to.equal('You can only assign users to permission set groups that have the "Updated" status.');
  });

  it('records a group assignment with both the group and its aggregate set, also when only the aggregate set is named', async () => {
    const aggregate = await client.query<{ Id: string; Type: string; Name: string }>(
      `SELECT Id, Type, Name FROM PermissionSet WHERE PermissionSetGroupId = '${ids.G1}'`
    );
    expect(aggregate.records.map((r) => [r.Type, r.Name])).to.deep.equal([['Group', 'G1']]);
    expect((await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.G1 })).status).to.equal(201);
    const byAggregate = await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: aggregate.records[0].Id });
    expect(byAggregate.status).to.equal(201);
    const rows = await client.query<{ PermissionSetId: string }>(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE PermissionSetGroupId = '${ids.G1}'`);
    expect(rows.records.map((r) => r.PermissionSetId)).to.deep.equal([aggregate.records[0].Id, aggregate.records[0].Id]);
    const again = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.G1 });
    expect(errorCodeOf(again.body)).to.equal('DUPLICATE_VALUE');
  });

  it('requires the PSLs a group needs to be held already (no automatic seat for groups)', async () => {
    const refused = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.GPsl });
    expect(errorCodeOf(refused.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    expect((await client.query(`SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = '${ids.u1}' AND PermissionSetLicenseId = '${ids.PslTwo}'`)).totalSize).to.equal(0);
    expect((await client.create('PermissionSetLicenseAssign', { AssigneeId: ids.u1, PermissionSetLicenseId: ids.PslTwo })).status).to.equal(201);
    expect((await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.GPsl })).status).to.equal(201);
  });

  it('refuses to remove a PSL seat while an assigned group includes a set that needs it, and removes it once the group assignment is gone', async () => {
    expect((await client.create('PermissionSetLicenseAssign', { AssigneeId: ids.u2, PermissionSetLicenseId: ids.PslTwo })).status).to.equal(201);
    const assigned = await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetGroupId: ids.GPsl });
    expect(assigned.status).to.equal(201);
    const seat = await client.idOf(`SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = '${ids.u2}' AND PermissionSetLicenseId = '${ids.PslTwo}'`);
    const refused = await client.call('DELETE', `${V}/sobjects/PermissionSetLicenseAssign/${seat}`);
    expect(refused.status).to.equal(400);
    expect(errorCodeOf(refused.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    expect(errorMessageOf(refused.body)).to.include('permission set group GPsl, whose permission set GroupPslSet requires it');
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSetAssignment/${(assigned.body as { id: string }).id}`)).status).to.equal(204);
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSetLicenseAssign/${seat}`)).status).to.equal(204);
  });

  it('keeps a duplicate PSL seat out with "duplicate value found"', async () => {
    const answer = await client.create('PermissionSetLicenseAssign', { AssigneeId: ids.u1, PermissionSetLicenseId: ids.PslTwo });
    expect(errorCodeOf(answer.body)).to.equal('DUPLICATE_VALUE');
    expect(errorMessageOf(answer.body)).to.match(/^duplicate value found/);
  });

  it("gives every user their profile's set, which cannot be assigned or removed through the API", async () => {
    const rows = await client.query<{ Id: string; PermissionSetId: string }>(
      `SELECT Id, PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${ids.u1}' AND PermissionSet.IsOwnedByProfile = true`
    );
    expect(rows.totalSize).to.equal(1);
    const removal = await client.call('DELETE', `${V}/sobjects/PermissionSetAssignment/${rows.records[0].Id}`);
    expect(removal.status).to.equal(400);
    const profileSet = await client.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Id != '${rows.records[0].PermissionSetId}' LIMIT 1`);
    const assign = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetId: profileSet.records[0].Id });
    expect(errorCodeOf(assign.body)).to.equal('INVALID_CROSS_REFERENCE_KEY');
  });

  it('keeps expiration dates in the future, refuses them on admin-grade sets, and removes expired rows', async () => {
    const past = await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: ids.Service, ExpirationDate: '2001-01-01T00:00:00.000Z' });
    expect(errorCodeOf(past.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    const admin = await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: ids.AdminPs, ExpirationDate: '2999-01-01T00:00:00.000Z' });
    expect(errorCodeOf(admin.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect((await client.create('PermissionSetAssignment', { AssigneeId: ids.u2, PermissionSetId: ids.Service, ExpirationDate: soon })).status).to.equal(201);
    const stored = await client.query<{ ExpirationDate: string }>(`SELECT ExpirationDate FROM PermissionSetAssignment WHERE AssigneeId = '${ids.u2}' AND PermissionSetId = '${ids.Service}'`);
    expect(stored.records[0].ExpirationDate).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/);
    await client.control('clock', { advanceMs: 2 * 3_600_000 });
    const after = await client.query(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${ids.u2}' AND PermissionSetId = '${ids.Service}'`);
    expect(after.totalSize).to.equal(0);
  });

  it('lets clients change ExpirationDate but not the assignee or the set', async () => {
    const row = await client.idOf(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${ids.u1}' AND PermissionSetId = '${ids.Sales}'`);
    expect((await client.call('PATCH', `${V}/sobjects/PermissionSetAssignment/${row}`, { ExpirationDate: '2999-06-01T00:00:00Z' })).status).to.equal(204);
    const moved = await client.call('PATCH', `${V}/sobjects/PermissionSetAssignment/${row}`, { AssigneeId: ids.u2 });
    expect(errorCodeOf(moved.body)).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
  });
});
