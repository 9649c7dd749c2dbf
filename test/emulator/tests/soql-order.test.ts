import { expect } from 'chai';
import { buildFixture, type Fixture, soql } from './soql-fixture.js';

describe('emulator SOQL: ORDER BY, LIMIT and OFFSET', () => {
  let fx: Fixture;
  const names = (query: string): string[] => soql(fx.store, query).records.map((r) => String(r.Username).split('@')[0]);
  before(() => (fx = buildFixture()));

  it('sorts ascending with nulls first and descending with nulls last by default', () => {
    expect(names('SELECT Username FROM User ORDER BY FirstName')).to.deep.equal(['dave', 'alice', 'bob', 'carol', 'erin']);
    expect(names('SELECT Username FROM User ORDER BY FirstName DESC')).to.deep.equal(['erin', 'carol', 'bob', 'alice', 'dave']);
  });

  it('honours NULLS FIRST and NULLS LAST', () => {
    expect(names('SELECT Username FROM User ORDER BY FirstName ASC NULLS LAST')).to.deep.equal(['alice', 'bob', 'carol', 'erin', 'dave']);
    expect(names('SELECT Username FROM User ORDER BY LastLoginDate DESC NULLS FIRST')).to.deep.equal(['dave', 'erin', 'alice', 'bob', 'carol']);
  });

  it('sorts by several keys, booleans and relationship paths', () => {
    expect(names('SELECT Username FROM User ORDER BY Profile.Name, Username DESC')).to.deep.equal(['dave', 'bob', 'erin', 'carol', 'alice']);
    expect(names('SELECT Username FROM User ORDER BY IsActive, LastLoginDate')).to.deep.equal(['carol', 'dave', 'bob', 'alice', 'erin']);
    const sets = soql(fx.store, 'SELECT PermissionSet.Name FROM PermissionSetAssignment ORDER BY Assignee.Username DESC, PermissionSet.Name').records;
    expect(sets.map((r) => (r.PermissionSet as { Name: string }).Name)).to.deep.equal(['Team', 'Service', 'Sales', 'Analytics', 'Sales']);
  });

  it('compares strings case-insensitively when sorting', () => {
    fx.store.update(fx.id.bob, { FirstName: 'bob' });
    try {
      expect(names('SELECT Username FROM User WHERE FirstName != null ORDER BY FirstName')).to.deep.equal(['alice', 'bob', 'carol', 'erin']);
    } finally {
      fx.store.update(fx.id.bob, { FirstName: 'Bob' });
    }
  });

  it('windows with LIMIT and OFFSET, totalSize counting the window', () => {
    const result = soql(fx.store, 'SELECT Username FROM User ORDER BY Username LIMIT 2 OFFSET 1');
    expect(result.totalSize).to.equal(2);
    expect(result.records.map((r) => r.Username)).to.deep.equal(['bob@test.org', 'carol@test.org']);
    expect(names('SELECT Username FROM User ORDER BY Username OFFSET 4')).to.deep.equal(['erin']);
    expect(names('SELECT Username FROM User ORDER BY Username LIMIT 0')).to.deep.equal([]);
    expect(names('SELECT Username FROM User ORDER BY Username OFFSET 9')).to.deep.equal([]);
  });

  it('keeps insertion order without ORDER BY', () => {
    expect(names('SELECT Username FROM User')).to.deep.equal(['alice', 'bob', 'carol', 'dave', 'erin']);
  });
});
