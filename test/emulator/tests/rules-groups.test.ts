import { expect } from 'chai';
import { errorCodeOf, TestClient, V } from './client.js';
import { rulesSeed } from './fixtures.js';

async function statusOf(client: TestClient, groupId: string): Promise<string> {
  return (await client.query<{ Status: string }>(`SELECT Status FROM PermissionSetGroup WHERE Id = '${groupId}'`)).records[0].Status;
}

async function waitForStatus(client: TestClient, groupId: string, wanted: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await statusOf(client, groupId)) !== wanted) {
    if (Date.now() > until) throw new Error(`group ${groupId} never reached ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('emulator rules: groups, components and deletes', () => {
  let client: TestClient;
  const ids: Record<string, string> = {};

  before(async () => {
    client = await TestClient.start({ seed: rulesSeed(), recalcMs: 300 });
    ids.u1 = await client.idOf("SELECT Id FROM User WHERE Username = 'u1@test.org'");
    for (const name of ['Sales', 'Service', 'PslSet']) ids[name] = await client.idOf(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`);
    for (const name of ['G1', 'GFail', 'GEmpty', 'GOut']) ids[name] = await client.idOf(`SELECT Id FROM PermissionSetGroup WHERE DeveloperName = '${name}'`);
    ids.Mute1 = await client.idOf("SELECT Id FROM MutingPermissionSet WHERE DeveloperName = 'Mute1'");
  });
  after(() => client.stop());

  it('moves a group to Outdated on a component change, then Updating, then Updated after the recalculation time', async () => {
    expect(await statusOf(client, ids.G1)).to.equal('Updated');
    const added = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.G1, PermissionSetId: ids.Service });
    expect(added.status).to.equal(201);
    expect(await statusOf(client, ids.G1)).to.equal('Outdated');
    await waitForStatus(client, ids.G1, 'Updating');
    await waitForStatus(client, ids.G1, 'Updated');
  });

  it('ends a recalculation in Failed for a group the seed marks to fail, and refuses assignments to it', async () => {
    await client.call('PATCH', `${V}/sobjects/PermissionSetGroup/${ids.GFail}`, { Description: 'touch' });
    expect(await statusOf(client, ids.GFail)).to.equal('Outdated');
    await waitForStatus(client, ids.GFail, 'Failed');
    const answer = await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.GFail });
    expect(errorCodeOf(answer.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
  });

  it("stamps a group's LastModifiedDate from the emulator clock (POST /__emulator/clock moves it), as group-stuck reads it", async () => {
    const lastModified = async (): Promise<number> =>
      Date.parse((await client.query<{ LastModifiedDate: string }>(`SELECT LastModifiedDate FROM PermissionSetGroup WHERE Id = '${ids.G1}'`)).records[0].LastModifiedDate.replace('+0000', 'Z'));
    const before = await lastModified();
    await client.control('clock', { advanceMs: 3 * 3_600_000 });
    try {
      await client.call('PATCH', `${V}/sobjects/PermissionSetGroup/${ids.G1}`, { Description: 'touched three hours later' });
      expect((await lastModified()) - before).to.be.at.least(3 * 3_600_000);
      await waitForStatus(client, ids.G1, 'Updated');
    } finally {
      await client.control('clock', { advanceMs: -3 * 3_600_000 });
    }
  });

  it('keeps Status read-only', async () => {
    const answer = await client.call('PATCH', `${V}/sobjects/PermissionSetGroup/${ids.GOut}`, { Status: 'Updated' });
    expect(answer.status).to.equal(400);
    expect(errorCodeOf(answer.body)).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(await statusOf(client, ids.GOut)).to.equal('Outdated');
  });

  it('allows one muting set per group and no profile or group sets as components', async () => {
    expect((await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.GEmpty, PermissionSetId: ids.Mute1 })).status).to.equal(201);
    const mute2 = await client.create('MutingPermissionSet', { DeveloperName: 'Mute2', MasterLabel: 'Mute 2' });
    const second = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.GEmpty, PermissionSetId: (mute2.body as { id: string }).id });
    expect(errorCodeOf(second.body)).to.equal('LIMIT_EXCEEDED');
    const aggregate = await client.idOf(`SELECT Id FROM PermissionSet WHERE PermissionSetGroupId = '${ids.G1}'`);
    const nested = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.GEmpty, PermissionSetId: aggregate });
    expect(errorCodeOf(nested.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    const twice = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.G1, PermissionSetId: ids.Sales });
    expect(errorCodeOf(twice.body)).to.equal('DUPLICATE_VALUE');
  });

  it('has no update on components', async () => {
    const component = await client.idOf(`SELECT Id FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = '${ids.G1}' AND PermissionSetId = '${ids.Sales}'`);
    const answer = await client.call('PATCH', `${V}/sobjects/PermissionSetGroupComponent/${component}`, { PermissionSetId: ids.PslSet });
    expect(answer.status).to.equal(400);
  });

  it('refuses to delete a set that is assigned, one still in a group, a profile set and an aggregate set', async () => {
    await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetId: ids.PslSet });
    const assigned = await client.call('DELETE', `${V}/sobjects/PermissionSet/${ids.PslSet}`);
    expect([assigned.status, errorCodeOf(assigned.body)]).to.deep.equal([400, 'DELETE_FAILED']);
    const inGroup = await client.call('DELETE', `${V}/sobjects/PermissionSet/${ids.Sales}`);
    expect([inGroup.status, errorCodeOf(inGroup.body)]).to.deep.equal([400, 'DELETE_FAILED']);
    const profileSet = await client.idOf("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'");
    const profile = await client.call('DELETE', `${V}/sobjects/PermissionSet/${profileSet}`);
    expect(errorCodeOf(profile.body)).to.equal('INVALID_CROSS_REFERENCE_KEY');
    const aggregate = await client.idOf(`SELECT Id FROM PermissionSet WHERE PermissionSetGroupId = '${ids.G1}'`);
    expect(errorCodeOf((await client.call('DELETE', `${V}/sobjects/PermissionSet/${aggregate}`)).body)).to.equal('INVALID_CROSS_REFERENCE_KEY');
    const mute = await client.call('DELETE', `${V}/sobjects/MutingPermissionSet/${ids.Mute1}`);
    expect(errorCodeOf(mute.body)).to.equal('DELETE_FAILED');
  });

  it('refuses to delete a detached set until the group it left has recalculated', async () => {
    const created = await client.create('PermissionSet', { Name: 'Leaving', Label: 'Leaving' });
    const id = (created.body as { id: string }).id;
    const component = await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: ids.GEmpty, PermissionSetId: id });
    await waitForStatus(client, ids.GEmpty, 'Updated');
    await client.call('DELETE', `${V}/sobjects/PermissionSetGroupComponent/${(component.body as { id: string }).id}`);
    const early = await client.call('DELETE', `${V}/sobjects/PermissionSet/${id}`);
    expect([early.status, errorCodeOf(early.body)]).to.deep.equal([400, 'DELETE_FAILED']);
    await waitForStatus(client, ids.GEmpty, 'Updated');
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSet/${id}`)).status).to.equal(204);
  });

  it('deletes a set once detached and unassigned, with its permission rows', async () => {
    const created = await client.create('PermissionSet', { Name: 'Temp', Label: 'Temp' });
    const id = (created.body as { id: string }).id;
    await client.create('ObjectPermissions', { ParentId: id, SobjectType: 'Account', PermissionsRead: true });
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSet/${id}`)).status).to.equal(204);
    expect((await client.query(`SELECT Id FROM ObjectPermissions WHERE ParentId = '${id}'`)).totalSize).to.equal(0);
    expect((await client.call('GET', `${V}/sobjects/PermissionSet/${id}`)).status).to.equal(404);
  });

  it('refuses to delete an assigned group, and deletes an unassigned one with its aggregate set', async () => {
    await waitForStatus(client, ids.G1, 'Updated');
    await client.create('PermissionSetAssignment', { AssigneeId: ids.u1, PermissionSetGroupId: ids.G1 });
    const refused = await client.call('DELETE', `${V}/sobjects/PermissionSetGroup/${ids.G1}`);
    expect(errorCodeOf(refused.body)).to.equal('DELETE_FAILED');
    const created = await client.create('PermissionSetGroup', { DeveloperName: 'Doomed', MasterLabel: 'Doomed' });
    const id = (created.body as { id: string }).id;
    expect((await client.query(`SELECT Id FROM PermissionSet WHERE PermissionSetGroupId = '${id}'`)).totalSize).to.equal(1);
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSetGroup/${id}`)).status).to.equal(204);
    expect((await client.query(`SELECT Id FROM PermissionSet WHERE PermissionSetGroupId = '${id}'`)).totalSize).to.equal(0);
  });

  it('keeps one object, field and setup-entity permission row per key in a set', async () => {
    const created = await client.create('PermissionSet', { Name: 'Rows', Label: 'Rows' });
    const id = (created.body as { id: string }).id;
    const rows: Array<[string, Record<string, unknown>]> = [
      ['ObjectPermissions', { ParentId: id, SobjectType: 'Account', PermissionsRead: true }],
      ['FieldPermissions', { ParentId: id, SobjectType: 'Account', Field: 'Account.Rating', PermissionsRead: true }],
      ['SetupEntityAccess', { ParentId: id, SetupEntityId: '01p5g00000000AbAAI' }],
    ];
    for (const [type, fields] of rows) {
      expect((await client.create(type, fields)).status).to.equal(201);
      const again = await client.create(type, fields);
      expect([again.status, errorCodeOf(again.body)], type).to.deep.equal([400, 'DUPLICATE_VALUE']);
    }
    // The same key under another set is a different row.
    const other = await client.create('PermissionSet', { Name: 'Rows2', Label: 'Rows 2' });
    expect((await client.create('ObjectPermissions', { ...rows[0][1], ParentId: (other.body as { id: string }).id })).status).to.equal(201);
  });

  it('keeps names unique', async () => {
    const answer = await client.create('PermissionSet', { Name: 'sales', Label: 'Sales again' });
    expect(errorCodeOf(answer.body)).to.equal('DUPLICATE_VALUE');
  });
});
