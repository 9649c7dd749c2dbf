import { expect } from 'chai';
import { buildFixture, column, type Fixture, soql } from './soql-fixture.js';

type Row = Record<string, unknown>;
const url = (type: string, id: string): { type: string; url: string } => ({ type, url: `/services/data/v62.0/sobjects/${type}/${id}` });

describe('emulator SOQL: SELECT lists, parent paths and child subqueries', () => {
  let fx: Fixture;
  before(() => (fx = buildFixture()));

  it('answers REST-shaped rows with attributes, canonical field case and nulls', () => {
    const result = soql(fx.store, "select id, username, firstname from user where username = 'DAVE@test.org'");
    expect(result).to.deep.equal({ totalSize: 1, records: [{ attributes: url('User', fx.id.dave), Id: fx.id.dave, Username: 'dave@test.org', FirstName: null }] });
  });

  it('nests parent paths with their own attributes, several fields under one parent', () => {
    const [row] = soql(fx.store, `SELECT Assignee.Username, Assignee.IsActive, Assignee.Profile.UserLicense.Name FROM PermissionSetAssignment WHERE Id = '${fx.id.a3}'`).records;
    expect(row.Assignee).to.deep.equal({
      attributes: url('User', fx.id.carol),
      Username: 'carol@test.org',
      IsActive: false,
      Profile: { attributes: url('Profile', fx.id.admin), UserLicense: { attributes: url('UserLicense', fx.id.licSf), Name: 'Salesforce' } },
    });
  });

  it('answers null for a parent whose reference is empty', () => {
    const rows = soql(fx.store, `SELECT Id, PermissionSetGroup.DeveloperName FROM PermissionSetAssignment WHERE Id IN ('${fx.id.a1}', '${fx.id.a5}') ORDER BY Id`).records;
    expect(column({ totalSize: 2, records: rows }, 'PermissionSetGroup')).to.deep.equal([null, { attributes: url('PermissionSetGroup', fx.id.team), DeveloperName: 'Team' }]);
  });

  it('follows the polymorphic License relationship to a user license or a permission set license', () => {
    const rows = soql(fx.store, "SELECT Name, License.Name, License.Id FROM PermissionSet WHERE Type = 'Regular' ORDER BY Name").records;
    expect(rows.map((r) => [r.Name, r.License])).to.deep.equal([
      ['Analytics', { attributes: url('PermissionSetLicense', fx.id.psl1), Name: null, Id: fx.id.psl1 }],
      ['Sales', null],
      ['Service', { attributes: url('UserLicense', fx.id.licSf), Name: 'Salesforce', Id: fx.id.licSf }],
    ]);
  });

  it('accepts a path that starts with the queried object name', () => {
    expect(column(soql(fx.store, "SELECT User.Username FROM User WHERE Username = 'bob@test.org'"), 'Username')).to.deep.equal(['bob@test.org']);
  });

  it('answers child subqueries with their own WHERE, ORDER BY and LIMIT, and null when empty', () => {
    const rows = soql(
      fx.store,
      "SELECT Username, (SELECT PermissionSet.Name FROM PermissionSetAssignments ORDER BY PermissionSet.Name DESC LIMIT 5) FROM User WHERE Username IN ('alice@test.org', 'erin@test.org') ORDER BY Username"
    ).records;
    const alice = rows[0].PermissionSetAssignments as { totalSize: number; done: boolean; records: Row[] };
    expect([alice.totalSize, alice.done]).to.deep.equal([2, true]);
    expect(alice.records.map((r) => (r.PermissionSet as Row).Name)).to.deep.equal(['Sales', 'Analytics']);
    expect(alice.records[0].attributes).to.deep.equal(url('PermissionSetAssignment', fx.id.a1));
    expect(rows[1].PermissionSetAssignments).to.equal(null);
    const filtered = soql(fx.store, "SELECT Id, (SELECT Id FROM PermissionSetAssignments WHERE PermissionSet.Name = 'Analytics') FROM User WHERE Username = 'alice@test.org'").records[0];
    expect((filtered.PermissionSetAssignments as { records: Row[] }).records.map((r) => r.Id)).to.deep.equal([fx.id.a4]);
  });

  it('knows the child relationships of sets, groups and licenses', () => {
    const [sales] = soql(fx.store, "SELECT (SELECT AssigneeId FROM Assignments ORDER BY Assignee.Username), (SELECT PermissionSetGroupId FROM PermissionSetGroupComponents) FROM PermissionSet WHERE Name = 'Sales'").records;
    expect((sales.Assignments as { records: Row[] }).records.map((r) => r.AssigneeId)).to.deep.equal([fx.id.alice, fx.id.bob]);
    expect((sales.PermissionSetGroupComponents as { totalSize: number }).totalSize).to.equal(1);
    const [team] = soql(fx.store, "SELECT (SELECT PermissionSet.Name FROM PermissionSetGroupComponents ORDER BY PermissionSet.Name), (SELECT Assignee.Username FROM Assignments) FROM PermissionSetGroup WHERE DeveloperName = 'team'").records;
    expect((team.PermissionSetGroupComponents as { records: Row[] }).records.map((r) => (r.PermissionSet as Row).Name)).to.deep.equal(['Sales', 'Service']);
    expect((team.Assignments as { records: Row[] }).records.map((r) => (r.Assignee as Row).Username)).to.deep.equal(['dave@test.org']);
    const [psl] = soql(fx.store, "SELECT (SELECT Assignee.Username FROM PermissionSetLicenseAssignments ORDER BY Assignee.Username) FROM PermissionSetLicense WHERE DeveloperName = 'Psl1'").records;
    expect((psl.PermissionSetLicenseAssignments as { records: Row[] }).records.map((r) => (r.Assignee as Row).Username)).to.deep.equal(['alice@test.org', 'carol@test.org']);
    const [profile] = soql(fx.store, "SELECT (SELECT Username FROM Users ORDER BY Username) FROM Profile WHERE Name = 'Platform User'").records;
    expect((profile.Users as { records: Row[] }).records.map((r) => r.Username)).to.deep.equal(['bob@test.org', 'dave@test.org']);
  });
});
