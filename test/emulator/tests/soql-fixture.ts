import { expect } from 'chai';
import { executeSoql } from '../soql/execute.js';
import { MemoryStore } from '../store/memory-store.js';
import { SalesforceError, type SoqlResult } from '../store/types.js';

/** The fixed "now" of the SOQL tests: date literals (TODAY, LAST_N_DAYS:n) are computed from it. */
export const NOW = new Date('2026-03-15T12:00:00.000Z');
const DAY = 86_400_000;

/** A datetime n days from NOW in Salesforce's format. */
export const daysFromNow = (n: number): string => new Date(NOW.getTime() + n * DAY).toISOString().replace('Z', '+0000');

export type Fixture = { store: MemoryStore; id: Record<string, string> };

/**
 * A small org built with MemoryStore.insert (no rules): two licenses and profiles, five users (one inactive, one
 * without a first name or a login), four permission sets (one per license kind, one with wildcard characters in its
 * description), a group with its aggregate set, assignments with and without expiry, and PSL assignments.
 */
export function buildFixture(): Fixture {
  const store = new MemoryStore(undefined, { now: () => NOW });
  const id: Record<string, string> = {};
  const add = (key: string, type: string, fields: Record<string, unknown>): void => {
    id[key] = store.insert(type, fields).Id;
  };
  add('licSf', 'UserLicense', { Name: 'Salesforce', TotalLicenses: 10, UsedLicenses: 3 });
  add('licPlat', 'UserLicense', { Name: 'Salesforce Platform', TotalLicenses: 5, UsedLicenses: 2 });
  add('admin', 'Profile', { Name: 'System Administrator', UserLicenseId: id.licSf });
  add('plat', 'Profile', { Name: 'Platform User', UserLicenseId: id.licPlat });
  const user = (key: string, first: string | null, last: string, profile: string, active: boolean, login: string | null): void =>
    add(key, 'User', { Username: `${key}@test.org`, FirstName: first, LastName: last, Email: `${key}@test.org`, Alias: key, IsActive: active, ProfileId: id[profile], LastLoginDate: login });
  user('alice', 'Alice', 'Adams', 'admin', true, daysFromNow(0));
  user('bob', 'Bob', 'Brown', 'plat', true, daysFromNow(-1));
  user('carol', 'Carol', 'Clark', 'admin', false, daysFromNow(-10));
  user('dave', null, 'Davis', 'plat', true, null);
  user('erin', "O'Hara", 'Evans', 'admin', true, daysFromNow(3));
  add('psl1', 'PermissionSetLicense', { DeveloperName: 'Psl1', MasterLabel: 'PSL One', TotalLicenses: 10, UsedLicenses: 2 });
  add('psl2', 'PermissionSetLicense', { DeveloperName: 'Psl2', MasterLabel: 'PSL Two', TotalLicenses: 1, UsedLicenses: 1 });
  add('sales', 'PermissionSet', { Name: 'Sales', Label: 'Sales', Description: '50% off_deal', Type: 'Regular', PermissionsApiEnabled: true });
  add('service', 'PermissionSet', { Name: 'Service', Label: 'Service', LicenseId: id.licSf, Type: 'Regular' });
  add('analytics', 'PermissionSet', { Name: 'Analytics', Label: 'Analytics', LicenseId: id.psl1, Type: 'Regular' });
  add('team', 'PermissionSetGroup', { DeveloperName: 'Team', MasterLabel: 'Team', Status: 'Updated' });
  add('teamPs', 'PermissionSet', { Name: 'Team', Label: 'Team', Type: 'Group', PermissionSetGroupId: id.team });
  add('c1', 'PermissionSetGroupComponent', { PermissionSetGroupId: id.team, PermissionSetId: id.sales });
  add('c2', 'PermissionSetGroupComponent', { PermissionSetGroupId: id.team, PermissionSetId: id.service });
  const assign = (key: string, who: string, ps: string, extra: Record<string, unknown> = {}): void =>
    add(key, 'PermissionSetAssignment', { AssigneeId: id[who], PermissionSetId: id[ps], ...extra });
  assign('a1', 'alice', 'sales');
  assign('a2', 'bob', 'sales', { ExpirationDate: daysFromNow(1) });
  assign('a3', 'carol', 'service', { ExpirationDate: daysFromNow(30) });
  assign('a4', 'alice', 'analytics');
  assign('a5', 'dave', 'teamPs', { PermissionSetGroupId: id.team });
  add('l1', 'PermissionSetLicenseAssign', { AssigneeId: id.alice, PermissionSetLicenseId: id.psl1 });
  add('l2', 'PermissionSetLicenseAssign', { AssigneeId: id.carol, PermissionSetLicenseId: id.psl1 });
  add('l3', 'PermissionSetLicenseAssign', { AssigneeId: id.bob, PermissionSetLicenseId: id.psl2 });
  return { store, id };
}

export function soql(store: MemoryStore, query: string): SoqlResult {
  return executeSoql(store, query, { now: NOW, apiVersion: 'v62.0' });
}

/** The given field of every row, in order. */
export function column(result: SoqlResult, field: string): unknown[] {
  return result.records.map((r) => r[field]);
}

/** Asserts that fn throws a SalesforceError with this code whose message contains every fragment; returns it. */
export function expectSoqlError(fn: () => unknown, code: string, ...fragments: string[]): SalesforceError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(SalesforceError);
    const sfError = error as SalesforceError;
    expect(sfError.errorCode).to.equal(code);
    for (const fragment of fragments) expect(sfError.message).to.include(fragment);
    return sfError;
  }
  expect.fail(`expected ${code}`);
}
