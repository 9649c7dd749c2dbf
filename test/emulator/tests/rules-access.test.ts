import { expect } from 'chai';
import { SeedBuilder } from '../../support/seed-builder.js';
import { errorCodeOf, TestClient, V } from './client.js';

/** The running user (admin) holds: profile Read on Account, a group whose mute removes Account Edit, a session set, a set needing a PSL it lacks. */
function accessSeed(): ReturnType<SeedBuilder['build']> {
  const seed = new SeedBuilder()
    .add('ObjectPermissions', { ParentId: 'profileSet:prof-admin', SobjectType: 'Account', PermissionsRead: true })
    .permissionSet('Sales', { PermissionsRunReports: true })
    .add('ObjectPermissions', { ParentId: 'ref:Sales', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true, PermissionsCreate: true })
    .add('FieldPermissions', { ParentId: 'ref:Sales', SobjectType: 'Account', Field: 'Account.Industry', PermissionsRead: true, PermissionsEdit: true })
    .add('FieldPermissions', { ParentId: 'ref:Sales', SobjectType: 'Contact', Field: 'Contact.Email', PermissionsRead: true })
    .add('MutingPermissionSet', { ref: 'NoEdit', DeveloperName: 'NoEdit', MasterLabel: 'No Edit', PermissionsRunReports: true })
    .add('ObjectPermissions', { ParentId: 'ref:NoEdit', SobjectType: 'Account', PermissionsEdit: true })
    .group('Sales_Team', ['Sales', 'NoEdit'])
    .assignGroup('admin', 'Sales_Team')
    .permissionSet('Elevate', { HasActivationRequired: true, PermissionsModifyAllData: true })
    .assign('admin', 'Elevate')
    .psl('CPQ', 5)
    .permissionSet('Quote', { LicenseId: 'ref:CPQ', PermissionsViewSetup: true })
    .permissionSet('Plain')
    .group('Quoting', ['Plain'])
    .assignGroup('admin', 'Quoting')
    .build();
  seed.records.Profile[0].PermissionsApiEnabled = true;
  return { ...seed, objects: [{ name: 'Invoice__c', label: 'Invoice', fields: ['Amount__c'] }] } as ReturnType<SeedBuilder['build']>;
}

describe('emulator: describe, permission rows and the running user\'s effective access', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ seed: accessSeed() });
  });
  after(() => client.stop());

  it('lists the standard and seeded custom objects in describeGlobal, and describes their fields with permissionable', async () => {
    const global = (await client.call('GET', `${V}/sobjects`)).body as { sobjects: Array<{ name: string; custom: boolean }> };
    expect(global.sobjects.map((o) => o.name)).to.include.members(['Account', 'Contact', 'Opportunity', 'Case', 'Lead', 'Invoice__c', 'PermissionSet']);
    expect(global.sobjects.find((o) => o.name === 'Invoice__c')?.custom).to.equal(true);
    const account = (await client.call('GET', `${V}/sobjects/Account/describe`)).body as { fields: Array<{ name: string; permissionable: boolean }> };
    expect(account.fields.find((f) => f.name === 'Industry')?.permissionable).to.equal(true);
    expect(account.fields.find((f) => f.name === 'Name')?.permissionable).to.equal(false);
  });

  it('answers several describes in one composite batch request, errors per subrequest', async () => {
    await client.control('stats/reset', {});
    const answer = await client.call('POST', `${V}/composite/batch`, {
      batchRequests: [
        { method: 'GET', url: 'v62.0/sobjects/PermissionSet/describe' },
        { method: 'GET', url: 'v62.0/sobjects/Nope__c/describe' },
      ],
    });
    const body = answer.body as { hasErrors: boolean; results: Array<{ statusCode: number; result: unknown }> };
    expect(body.hasErrors).to.equal(true);
    expect(body.results[0].statusCode).to.equal(200);
    expect((body.results[0].result as { fields: Array<{ name: string }> }).fields.map((f) => f.name)).to.include('PermissionsModifyAllData');
    expect(body.results[1].statusCode).to.be.greaterThanOrEqual(400);
    expect(((await client.control('stats')).body as { requests: number }).requests).to.equal(1);
    const tooMany = await client.call('POST', `${V}/composite/batch`, { batchRequests: Array.from({ length: 26 }, () => ({ method: 'GET', url: 'v62.0/limits' })) });
    expect(errorCodeOf(tooMany.body)).to.equal('INVALID_BATCH_REQUEST');
  });

  it('refuses a permission row naming an unknown object or a field without field permissions', async () => {
    const setId = await client.idOf("SELECT Id FROM PermissionSet WHERE Name = 'Sales'");
    expect(errorCodeOf((await client.create('ObjectPermissions', { ParentId: setId, SobjectType: 'Nope__c', PermissionsRead: true })).body)).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(errorCodeOf((await client.create('FieldPermissions', { ParentId: setId, SobjectType: 'Account', Field: 'Account.Name', PermissionsRead: true })).body)).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect((await client.create('ObjectPermissions', { ParentId: setId, SobjectType: 'invoice__c', PermissionsRead: true })).status).to.equal(201);
  });

  it("refuses a set's row whose permission lacks what it requires, but not a mute's", async () => {
    const setId = await client.idOf("SELECT Id FROM PermissionSet WHERE Name = 'Sales'");
    const broken = await client.create('ObjectPermissions', { ParentId: setId, SobjectType: 'Case', PermissionsRead: true, PermissionsDelete: true });
    expect(errorCodeOf(broken.body)).to.equal('FIELD_INTEGRITY_EXCEPTION');
    const muteId = await client.idOf("SELECT Id FROM MutingPermissionSet WHERE DeveloperName = 'NoEdit'");
    expect((await client.create('ObjectPermissions', { ParentId: muteId, SobjectType: 'Case', PermissionsDelete: true })).status).to.equal(201);
  });

  it("copies a profile's Permissions* to its own permission set", async () => {
    const rows = await client.query<{ PermissionsApiEnabled: boolean }>("SELECT PermissionsApiEnabled FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'");
    expect(rows.records.map((r) => r.PermissionsApiEnabled)).to.deep.equal([true]);
  });

  it('mutes inside the group only: Account Edit is gone, Read stays (profile and group)', async () => {
    const rows = await client.query<Record<string, unknown>>("SELECT EntityDefinitionId, IsReadable, IsCreatable, IsEditable FROM UserEntityAccess WHERE EntityDefinitionId IN ('Account', 'Contact')");
    const byObject = Object.fromEntries(rows.records.map((r) => [String(r.EntityDefinitionId), [r.IsReadable, r.IsCreatable, r.IsEditable]]));
    expect(byObject).to.deep.equal({ Account: [true, true, false], Contact: [false, false, false] });
  });

  it('gives field access only with object Read, and Name with the object', async () => {
    const rows = await client.query<Record<string, unknown>>("SELECT FieldDefinitionId, IsAccessible, IsUpdatable FROM UserFieldAccess WHERE FieldDefinitionId IN ('Account.Industry', 'Contact.Email', 'Account.Name')");
    const byField = Object.fromEntries(rows.records.map((r) => [String(r.FieldDefinitionId), [r.IsAccessible, r.IsUpdatable]]));
    expect(byField).to.deep.equal({ 'Account.Industry': [true, true], 'Contact.Email': [false, false], 'Account.Name': [true, false] });
  });

  it('grants no system permission that is muted, session-based, or behind a license the user lacks', async () => {
    // A member needing a PSL joins the group after the user was assigned it (the assignment itself would be refused).
    const quoting = await client.idOf("SELECT Id FROM PermissionSetGroup WHERE DeveloperName = 'Quoting'");
    const quote = await client.idOf("SELECT Id FROM PermissionSet WHERE Name = 'Quote'");
    expect((await client.create('PermissionSetGroupComponent', { PermissionSetGroupId: quoting, PermissionSetId: quote })).status).to.equal(201);
    // Wait for Updated, so that only the missing license can explain the answer.
    const until = Date.now() + 5000;
    while ((await client.query<{ Status: string }>(`SELECT Status FROM PermissionSetGroup WHERE Id = '${quoting}'`)).records[0].Status !== 'Updated') {
      if (Date.now() > until) throw new Error('Quoting never reached Updated');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { records } = await client.query<Record<string, boolean>>('SELECT PermissionsApiEnabled, PermissionsRunReports, PermissionsModifyAllData, PermissionsViewSetup FROM UserPermissionAccess');
    expect(records.map((r) => [r.PermissionsApiEnabled, r.PermissionsRunReports, r.PermissionsModifyAllData, r.PermissionsViewSetup])).to.deep.equal([[true, false, false, false]]);
  });

  it('recomputes on every query: removing the mute from the group (once Updated) brings Account Edit back', async () => {
    const groupId = await client.idOf("SELECT Id FROM PermissionSetGroup WHERE DeveloperName = 'Sales_Team'");
    const muteId = await client.idOf("SELECT Id FROM MutingPermissionSet WHERE DeveloperName = 'NoEdit'");
    const component = await client.idOf(`SELECT Id FROM PermissionSetGroupComponent WHERE PermissionSetGroupId = '${groupId}' AND PermissionSetId = '${muteId}'`);
    expect((await client.call('DELETE', `${V}/sobjects/PermissionSetGroupComponent/${component}`)).status).to.equal(204);
    const until = Date.now() + 5000;
    let editable = false;
    while (!editable && Date.now() < until) {
      const { records } = await client.query<{ IsEditable: boolean }>("SELECT IsEditable FROM UserEntityAccess WHERE EntityDefinitionId = 'Account'");
      editable = records[0].IsEditable;
      if (!editable) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(editable).to.equal(true);
  });
});
