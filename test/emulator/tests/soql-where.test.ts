import { expect } from 'chai';
import { to15 } from '../store/ids.js';
import { buildFixture, type Fixture, soql } from './soql-fixture.js';

describe('emulator SOQL: WHERE', () => {
  let fx: Fixture;
  /** Usernames (before the @) of the users matching the condition, in username order. */
  const users = (where: string): string[] =>
    soql(fx.store, `SELECT Username FROM User WHERE ${where} ORDER BY Username`).records.map((r) => String(r.Username).split('@')[0]);
  /** Fixture keys (a1…a5) of the assignments matching the condition. */
  const assignments = (where: string): string[] => {
    const keyOf = new Map(Object.entries(fx.id).map(([key, id]) => [id, key]));
    return soql(fx.store, `SELECT Id FROM PermissionSetAssignment WHERE ${where}`).records.map((r) => keyOf.get(String(r.Id)) ?? '?').sort();
  };

  before(() => {
    fx = buildFixture();
    fx.store.update(fx.id.psl1, { ExpirationDate: '2026-06-30' });
  });

  it('compares strings case-insensitively with = and keeps nulls for !=', () => {
    expect(users("Username = 'BOB@TEST.ORG'")).to.deep.equal(['bob']);
    expect(users("FirstName != 'alice'")).to.deep.equal(['bob', 'carol', 'dave', 'erin']);
    expect(users("FirstName <> 'alice'")).to.deep.equal(['bob', 'carol', 'dave', 'erin']);
  });

  it('orders strings and numbers with <, <=, >, >=, leaving nulls out', () => {
    expect(users("Username < 'c'")).to.deep.equal(['alice', 'bob']);
    expect(users("FirstName <= 'Bob'")).to.deep.equal(['alice', 'bob']);
    expect(users("FirstName > 'Carol'")).to.deep.equal(['erin']);
    const names = (where: string): unknown[] => soql(fx.store, `SELECT Name FROM UserLicense WHERE ${where} ORDER BY Name`).records.map((r) => r.Name);
    expect(names('TotalLicenses > 5')).to.deep.equal(['Salesforce']);
    expect(names('TotalLicenses >= 5')).to.deep.equal(['Salesforce', 'Salesforce Platform']);
    expect(names('UsedLicenses < 3')).to.deep.equal(['Salesforce Platform']);
  });

  it('matches LIKE case-insensitively with % and _ and escaped wildcards', () => {
    expect(users("Username LIKE 'A%'")).to.deep.equal(['alice']);
    expect(users("Username LIKE '_o%'")).to.deep.equal(['bob']);
    expect(users("FirstName LIKE 'o\\'%'")).to.deep.equal(['erin']);
    const sets = (pattern: string): number => soql(fx.store, `SELECT Id FROM PermissionSet WHERE Description LIKE '${pattern}'`).totalSize;
    expect([sets('50\\% off\\_%'), sets('50_ off%'), sets('50\\%off%'), sets('%deal')]).to.deep.equal([1, 1, 0, 1]);
  });

  it('filters IN and NOT IN literal lists, Ids in either length', () => {
    expect(users("Username IN ('alice@test.org', 'BOB@test.org')")).to.deep.equal(['alice', 'bob']);
    expect(users("Username NOT IN ('alice@test.org', 'BOB@test.org')")).to.deep.equal(['carol', 'dave', 'erin']);
    expect(users(`Id IN ('${to15(fx.id.carol)}', '${fx.id.dave}')`)).to.deep.equal(['carol', 'dave']);
    expect(assignments(`AssigneeId = '${to15(fx.id.alice)}'`)).to.deep.equal(['a1', 'a4']);
  });

  it('tests null and booleans', () => {
    expect(users('FirstName = null')).to.deep.equal(['dave']);
    expect(users('LastLoginDate != null')).to.deep.equal(['alice', 'bob', 'carol', 'erin']);
    expect(users('IsActive = false')).to.deep.equal(['carol']);
    expect(users('IsActive = TRUE AND FirstName != null')).to.deep.equal(['alice', 'bob', 'erin']);
    expect(assignments('PermissionSetGroupId != null')).to.deep.equal(['a5']);
  });

  it('binds NOT tighter than AND and AND tighter than OR, parentheses first', () => {
    expect(users("Username = 'alice@test.org' OR Username = 'bob@test.org' AND IsActive = false")).to.deep.equal(['alice']);
    expect(users("IsActive = false AND Username = 'bob@test.org' OR Username = 'dave@test.org'")).to.deep.equal(['dave']);
    expect(users("(Username = 'alice@test.org' OR Username = 'carol@test.org') AND IsActive = true")).to.deep.equal(['alice']);
    expect(users("NOT (Username = 'alice@test.org' OR IsActive = false)")).to.deep.equal(['bob', 'dave', 'erin']);
    expect(users("NOT Username LIKE 'a%' AND IsActive = true")).to.deep.equal(['bob', 'dave', 'erin']);
    expect(users("((Username LIKE 'a%') OR (Username LIKE 'b%' AND (IsActive = false))) OR FirstName = null")).to.deep.equal(['alice', 'dave']);
  });

  it('compares datetime literals with Z or an offset, and date literals on date fields', () => {
    expect(users('LastLoginDate >= 2026-03-15T00:00:00Z')).to.deep.equal(['alice', 'erin']);
    expect(users('LastLoginDate = 2026-03-15T13:00:00+01:00')).to.deep.equal(['alice']);
    expect(users('LastLoginDate < 2026-03-10T00:00:00-08:00')).to.deep.equal(['carol']);
    const psls = (where: string): number => soql(fx.store, `SELECT Id FROM PermissionSetLicense WHERE ${where}`).totalSize;
    expect([psls('ExpirationDate = 2026-06-30'), psls('ExpirationDate < 2026-07-01'), psls('ExpirationDate > 2026-06-30')]).to.deep.equal([1, 1, 0]);
  });

  it('resolves relative date literals against the clock', () => {
    expect(users('LastLoginDate = TODAY')).to.deep.equal(['alice']);
    expect(users('LastLoginDate = YESTERDAY')).to.deep.equal(['bob']);
    expect(users('LastLoginDate < TODAY')).to.deep.equal(['bob', 'carol']);
    expect(users('LastLoginDate > TODAY')).to.deep.equal(['erin']);
    expect(users('LastLoginDate = LAST_N_DAYS:1')).to.deep.equal(['alice', 'bob']);
    expect(users('LastLoginDate = LAST_N_DAYS:10')).to.deep.equal(['alice', 'bob', 'carol']);
    expect(users('LastLoginDate = NEXT_N_DAYS:3')).to.deep.equal(['erin']);
    expect(users('LastLoginDate = NEXT_N_DAYS:2')).to.deep.equal([]);
    expect(assignments('ExpirationDate = TOMORROW')).to.deep.equal(['a2']);
    expect(assignments('ExpirationDate > NEXT_N_DAYS:7')).to.deep.equal(['a3']);
  });

  it('filters through parent paths', () => {
    expect(assignments("Assignee.Profile.Name = 'Platform User'")).to.deep.equal(['a2', 'a5']);
    expect(assignments('Assignee.IsActive = false OR PermissionSet.License.Name = null')).to.deep.equal(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(assignments("PermissionSet.License.Name = 'Salesforce'")).to.deep.equal(['a3']);
  });

  it('runs semi-joins and anti-joins', () => {
    expect(users("Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Sales')")).to.deep.equal(['alice', 'bob']);
    expect(users('IsActive = true AND Id NOT IN (SELECT AssigneeId FROM PermissionSetLicenseAssign)')).to.deep.equal(['dave', 'erin']);
    expect(assignments(`PermissionSetId = '${fx.id.sales}' AND AssigneeId IN (SELECT Id FROM User WHERE IsActive = true AND Profile.Name = 'Platform User')`)).to.deep.equal(['a2']);
    expect(assignments("AssigneeId NOT IN (SELECT Id FROM User WHERE IsActive = true) OR PermissionSetGroupId IN (SELECT Id FROM PermissionSetGroup)")).to.deep.equal(['a3', 'a5']);
    // psl reclaim's read: a license's holders' assignments to listed sets, narrowed by a parent path.
    const holders = `AssigneeId IN (SELECT AssigneeId FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = '${fx.id.psl1}') AND PermissionSetId IN ('${fx.id.service}', '${fx.id.analytics}')`;
    expect(assignments(`Assignee.IsActive = false AND PermissionSetGroupId = null AND ${holders}`)).to.deep.equal(['a3']);
    expect(assignments(`Assignee.IsActive = true AND ${holders}`)).to.deep.equal(['a4']);
  });

  it('gives the same answer whether or not an index can serve the condition', () => {
    expect(assignments(`PermissionSetId = '${fx.id.sales}' OR AssigneeId = '${fx.id.dave}'`)).to.deep.equal(['a1', 'a2', 'a5']);
    expect(assignments(`PermissionSetId = '${fx.id.sales}' AND AssigneeId = '${fx.id.dave}'`)).to.deep.equal([]);
    expect(assignments(`PermissionSetId IN ('${fx.id.sales}', '${fx.id.service}') AND Assignee.IsActive = true`)).to.deep.equal(['a1', 'a2']);
    expect(users("Username = 'nobody@test.org'")).to.deep.equal([]);
  });
});
