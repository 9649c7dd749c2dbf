import { expect } from 'chai';
import { SeedBuilder } from '../../support/seed-builder.js';
import { errorCodeOf, errorMessageOf, TestClient, V } from './client.js';

type Row = Record<string, unknown>;

describe('emulator SOQL over HTTP', () => {
  let client: TestClient;
  const q = (soql: string): Promise<{ totalSize: number; records: Row[] }> => client.query<Row>(soql);
  const names = (rows: Row[], key = 'Username'): string[] => rows.map((r) => String(r[key]).split('@')[0]);

  before(async () => {
    const seed = new SeedBuilder()
      .users('a', 3)
      .user('b1', { ProfileId: 'ref:prof-platform', FirstName: "O'Brien" })
      .user('b2', { ProfileId: 'ref:prof-platform', IsActive: false })
      .psl('Psl', 10)
      .permissionSet('Sales', { Description: '50% off_deal' })
      .permissionSet('Service')
      .permissionSet('Licensed', { LicenseId: 'ref:Psl' })
      .group('Team', ['Sales', 'Service'])
      .assign('a1', 'Sales')
      .assign('a2', 'Sales', { ExpirationDate: '@now+3d' })
      .assign('b1', 'Service')
      .assign('a1', 'Licensed')
      .assignGroup('a3', 'Team')
      .build();
    client = await TestClient.start({ seed });
  });
  after(() => client.stop());

  it('selects parent paths as nested objects, null when the reference is empty', async () => {
    const { records } = await q("SELECT Assignee.Username, Assignee.Profile.UserLicense.Name, PermissionSet.Name, PermissionSetGroupId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Sales' ORDER BY Assignee.Username");
    expect(records).to.have.length(2);
    const first = records[0] as { Assignee: { Username: string; Profile: { UserLicense: { Name: string } } }; PermissionSet: { Name: string }; PermissionSetGroupId: null };
    expect([first.Assignee.Username, first.Assignee.Profile.UserLicense.Name, first.PermissionSet.Name, first.PermissionSetGroupId]).to.deep.equal(['a1@test.org', 'Salesforce', 'Sales', null]);
    const licensed = await q("SELECT Name, License.Name FROM PermissionSet WHERE Name IN ('Sales', 'Licensed') ORDER BY Name");
    expect(licensed.records.map((r) => r.License)).to.deep.include(null);
  });

  it('answers child subqueries, null when empty', async () => {
    const { records } = await q("SELECT Username, (SELECT PermissionSet.Name FROM PermissionSetAssignments WHERE PermissionSet.IsOwnedByProfile = false ORDER BY PermissionSet.Name) FROM User WHERE Username LIKE 'a%' ORDER BY Username");
    const children = records.map((r) => (r.PermissionSetAssignments as { records: Array<{ PermissionSet: { Name: string } }> } | null)?.records.map((c) => c.PermissionSet.Name) ?? null);
    expect(children).to.deep.equal([['Licensed', 'Sales'], ['Sales'], ['Team'], null]);
    const none = await q("SELECT Id, (SELECT Id FROM PermissionSetLicenseAssignments) FROM User WHERE Username = 'b2@test.org'");
    expect(none.records[0].PermissionSetLicenseAssignments).to.equal(null);
  });

  it('gives NOT, AND and OR their precedence, with parentheses', async () => {
    const flat = await q("SELECT Username FROM User WHERE Username = 'a1@test.org' OR Username = 'a2@test.org' AND IsActive = false");
    expect(names(flat.records)).to.deep.equal(['a1']);
    const grouped = await q("SELECT Username FROM User WHERE (Username = 'a1@test.org' OR Username = 'b2@test.org') AND IsActive = false");
    expect(names(grouped.records)).to.deep.equal(['b2']);
    const negated = await q("SELECT Username FROM User WHERE NOT Username LIKE 'a%' ORDER BY Username");
    expect(names(negated.records)).to.deep.equal(['b1', 'b2']);
  });

  it('compares with !=, <, >=, null and booleans, and LIKE with escaped wildcards', async () => {
    expect(names((await q("SELECT Username FROM User WHERE Username < 'a3' AND Username >= 'a2' ")).records)).to.deep.equal(['a2']);
    expect((await q('SELECT Id FROM PermissionSetAssignment WHERE ExpirationDate != null')).totalSize).to.equal(1);
    expect((await q("SELECT Id FROM PermissionSet WHERE Description LIKE '50\\% off\\_%'")).totalSize).to.equal(1);
    expect((await q("SELECT Id FROM PermissionSet WHERE Description LIKE '50_ off%'")).totalSize).to.equal(1);
    expect((await q("SELECT Id FROM PermissionSet WHERE Description LIKE '50\\%off%'")).totalSize).to.equal(0);
    expect(names((await q("SELECT FirstName FROM User WHERE FirstName = 'o\\'brien'")).records, 'FirstName')).to.deep.equal(["O'Brien"]);
  });

  it('handles date and datetime literals and date functions such as NEXT_N_DAYS', async () => {
    expect((await q('SELECT Id FROM PermissionSetAssignment WHERE ExpirationDate = NEXT_N_DAYS:5')).totalSize).to.equal(1);
    expect((await q('SELECT Id FROM PermissionSetAssignment WHERE ExpirationDate < TODAY')).totalSize).to.equal(0);
    expect((await q('SELECT Id FROM PermissionSetAssignment WHERE ExpirationDate > 2001-01-01T00:00:00Z')).totalSize).to.equal(1);
    expect((await q('SELECT Id FROM User WHERE CreatedDate = LAST_N_DAYS:1')).totalSize).to.equal(6);
  });

  it('runs semi-joins and anti-joins', async () => {
    const holders = await q("SELECT Username FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Sales') ORDER BY Username");
    expect(names(holders.records)).to.deep.equal(['a1', 'a2']);
    const others = await q("SELECT Username FROM User WHERE IsActive = true AND Id NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false) ORDER BY Username");
    expect(names(others.records)).to.deep.equal(['admin']);
  });

  it('aggregates with COUNT(), COUNT(field), COUNT_DISTINCT, GROUP BY relationship fields and HAVING', async () => {
    const count = await client.call('GET', `${V}/query?q=${encodeURIComponent('SELECT COUNT() FROM User WHERE IsActive = true')}`);
    expect(count.body).to.deep.equal({ totalSize: 5, done: true, records: [] });
    const grouped = await q('SELECT Profile.Name, COUNT(Id) n, COUNT_DISTINCT(IsActive) FROM User GROUP BY Profile.Name HAVING COUNT(Id) > 1 ORDER BY Profile.Name');
    expect(grouped.records).to.deep.equal([
      { attributes: { type: 'AggregateResult' }, Name: 'Platform User', n: 2, expr0: 2 },
      { attributes: { type: 'AggregateResult' }, Name: 'System Administrator', n: 4, expr0: 1 },
    ]);
  });

  it('orders with NULLS FIRST/LAST, several keys, and windows with LIMIT and OFFSET', async () => {
    const ordered = await q('SELECT Name, LicenseId FROM PermissionSet WHERE IsOwnedByProfile = false ORDER BY LicenseId DESC NULLS FIRST, Name ASC');
    expect(names(ordered.records, 'Name')).to.deep.equal(['Sales', 'Service', 'Team', 'Licensed']);
    const window = await q("SELECT Username FROM User ORDER BY Username DESC LIMIT 2 OFFSET 1");
    expect(names(window.records)).to.deep.equal(['b1', 'admin']);
  });

  it('reports MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE naming the offending token', async () => {
    const call = (soql: string): ReturnType<TestClient['call']> => client.call('GET', `${V}/query?q=${encodeURIComponent(soql)}`);
    const malformed = await call('SELECT FROM User');
    expect([malformed.status, errorCodeOf(malformed.body)]).to.deep.equal([400, 'MALFORMED_QUERY']);
    const field = await call('SELECT Bogus FROM User');
    expect(errorCodeOf(field.body)).to.equal('INVALID_FIELD');
    expect(errorMessageOf(field.body)).to.include("No such column 'Bogus' on entity 'User'").and.include('ERROR at Row:1:Column:8');
    const relation = await call('SELECT Nope.Name FROM User');
    expect(errorMessageOf(relation.body)).to.include("Didn't understand relationship 'Nope'");
    const type = await call('SELECT Id FROM ScratchOrgInfo');
    expect(errorCodeOf(type.body)).to.equal('INVALID_TYPE');
    expect(errorMessageOf(type.body)).to.include("sObject type 'ScratchOrgInfo' is not supported");
  });

  it('accepts 15-character Ids and field names in any case', async () => {
    const id = (await q("SELECT Id FROM User WHERE Username = 'a1@test.org'")).records[0].Id as string;
    const rows = await q(`SELECT username FROM user WHERE id = '${id.slice(0, 15)}'`);
    expect(rows.records[0].Username).to.equal('a1@test.org');
  });
});
