import { expect } from 'chai';
import { buildFixture, daysFromNow, type Fixture, soql } from './soql-fixture.js';

const AGG = { type: 'AggregateResult' };

describe('emulator SOQL: aggregates', () => {
  let fx: Fixture;
  before(() => (fx = buildFixture()));

  it('answers SELECT COUNT() with totalSize only', () => {
    expect(soql(fx.store, 'SELECT COUNT() FROM User')).to.deep.equal({ totalSize: 5, records: [] });
    expect(soql(fx.store, 'SELECT COUNT() FROM User WHERE IsActive = true').totalSize).to.equal(4);
    expect(soql(fx.store, "SELECT COUNT() FROM User WHERE Username = 'nobody'").totalSize).to.equal(0);
  });

  it('computes COUNT(field), COUNT_DISTINCT, MIN and MAX, naming unaliased columns expr0, expr1, …', () => {
    const result = soql(fx.store, 'SELECT COUNT(Id), COUNT(FirstName) named, COUNT_DISTINCT(ProfileId), MIN(LastLoginDate), MAX(Username) FROM User');
    expect(result).to.deep.equal({ totalSize: 1, records: [{ attributes: AGG, expr0: 5, named: 4, expr1: 2, expr2: daysFromNow(-10), expr3: 'erin@test.org' }] });
  });

  it('sums and bounds numbers, and answers one row of zero counts when nothing matches', () => {
    expect(soql(fx.store, 'SELECT SUM(TotalLicenses) total, MIN(UsedLicenses), MAX(UsedLicenses) FROM UserLicense').records).to.deep.equal([{ attributes: AGG, total: 15, expr0: 2, expr1: 3 }]);
    expect(soql(fx.store, "SELECT COUNT(Id), MAX(Username) FROM User WHERE Username = 'nobody'").records).to.deep.equal([{ attributes: AGG, expr0: 0, expr1: null }]);
    expect(soql(fx.store, "SELECT ProfileId, COUNT(Id) FROM User WHERE Username = 'nobody' GROUP BY ProfileId").totalSize).to.equal(0);
  });

  it('groups by fields and relationship fields, keyed by the last field name', () => {
    const rows = soql(fx.store, 'SELECT Profile.Name, IsActive, COUNT(Id) FROM User GROUP BY Profile.Name, IsActive ORDER BY Profile.Name, IsActive').records;
    expect(rows).to.deep.equal([
      { attributes: AGG, Name: 'Platform User', IsActive: true, expr0: 2 },
      { attributes: AGG, Name: 'System Administrator', IsActive: false, expr0: 1 },
      { attributes: AGG, Name: 'System Administrator', IsActive: true, expr0: 2 },
    ]);
  });

  it('counts PSL assignments of inactive users per license (the benchmark query shape)', () => {
    const rows = soql(fx.store, 'SELECT PermissionSetLicenseId, COUNT(Id) FROM PermissionSetLicenseAssign WHERE Assignee.IsActive = false GROUP BY PermissionSetLicenseId').records;
    expect(rows).to.deep.equal([{ attributes: AGG, PermissionSetLicenseId: fx.id.psl1, expr0: 1 }]);
  });

  it('filters groups with HAVING, AND and OR included', () => {
    const having = (clause: string): unknown[] =>
      soql(fx.store, `SELECT AssigneeId, COUNT(Id) n FROM PermissionSetAssignment GROUP BY AssigneeId HAVING ${clause}`).records.map((r) => r.AssigneeId);
    expect(having('COUNT(Id) > 1')).to.deep.equal([fx.id.alice]);
    expect(having('COUNT(Id) = 1 AND COUNT(Id) < 2')).to.have.length(3);
    expect(having('COUNT(Id) > 5 OR COUNT(Id) >= 2')).to.deep.equal([fx.id.alice]);
  });

  it('orders groups by a selected aggregate', () => {
    const rows = soql(fx.store, 'SELECT Profile.Name, COUNT(Id) c FROM User GROUP BY Profile.Name ORDER BY COUNT(Id) DESC').records;
    expect(rows.map((r) => [r.Name, r.c])).to.deep.equal([
      ['System Administrator', 3],
      ['Platform User', 2],
    ]);
  });

  it('refuses a selected field that is neither grouped nor aggregated', () => {
    expect(() => soql(fx.store, 'SELECT Username, COUNT(Id) FROM User')).to.throw('Field must be grouped or aggregated: Username').with.property('errorCode', 'MALFORMED_QUERY');
  });
});
