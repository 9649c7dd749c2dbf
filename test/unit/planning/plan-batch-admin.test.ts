import { expect } from 'chai';
import { noExpiryGrant } from '../../../src/planning/assignment/expiration.js';
import { planBatch, type BatchState } from '../../../src/planning/assignment/plan-batch.js';
import { SeatLedger } from '../../../src/planning/assignment/seat-ledger.js';
import { type DesiredRow, type GroupInfo, type PermissionSetInfo, type UserInfo } from '../../../src/planning/assignment/types.js';

/** EXPIRATION_NOT_ALLOWED (sets and groups granting the three admin permissions) and SESSION_BASED warnings. */
const NOW = Date.parse('2026-11-25T12:00:00Z');
const LATER = '2027-06-30T00:00:00.000Z';
const u: UserInfo = { id: '005000000000000001', username: 'u1@example.com', isActive: true, userLicenseId: null };
const admin: PermissionSetInfo = {
  id: '0PS000000000001AAA',
  name: 'User_Admin',
  licenseId: null,
  noExpiry: { permission: 'PermissionsManageUsers', via: 'User_Admin' },
};
const plain: PermissionSetInfo = { id: '0PS000000000002AAA', name: 'Plain', licenseId: null };
const session: PermissionSetInfo = { id: '0PS000000000003AAA', name: 'Elevate', licenseId: null, sessionBased: true };
const group = (extra: Partial<GroupInfo> = {}): GroupInfo => ({ id: '0PG000000000001AAA', name: 'Admins', status: 'Updated', requiredPslIds: [], requiredUserLicenseIds: [], ...extra });

function state(extra: Partial<BatchState> = {}): BatchState {
  return {
    users: new Map([[u.username, u]]),
    permissionSets: new Map([['User_Admin', admin], ['Plain', plain], ['Elevate', session]]),
    groups: new Map([['Admins', group({ noExpiry: { permission: 'PermissionsAssignPermissionSets', via: 'ns__Assigner' } })], ['Sessions', group({ id: '0PG000000000002AAA', name: 'Sessions', sessionBased: true })]]),
    existing: new Map(),
    pslHoldings: new Set(),
    conflicts: new Map(),
    now: NOW,
    ...extra,
  };
}
let index = 0;
const row = (target: string, expiration: DesiredRow['expiration'] = { kind: 'keep' }, kind: DesiredRow['kind'] = 'permissionSet'): DesiredRow => ({ index: ++index, user: u.username, kind, target, expiration });
const plan = (rows: DesiredRow[], s: BatchState = state()) => planBatch(rows, s, new SeatLedger([]), new Set()).rows;

describe('planBatch: expirations Salesforce refuses, session-based targets', () => {
  it('blocks an expiration on a set granting Manage Users, naming the permission; without one it is created', () => {
    const [expiring, open, other] = plan([row('User_Admin', { kind: 'set', at: LATER }), row('User_Admin'), row('Plain', { kind: 'set', at: LATER })]);
    expect(expiring.action).to.equal('blocked');
    expect(expiring.blocker).to.deep.equal({ reason: 'EXPIRATION_NOT_ALLOWED', tokens: ['User_Admin', 'Manage Users (PermissionsManageUsers)'] });
    // The same pair again: the first row's verdict stands for it (one pair, one decision).
    expect(open.action).to.equal('blocked');
    expect(other).to.include({ action: 'create', expiration: LATER });
    expect(plan([row('User_Admin')])[0]).to.include({ action: 'create', expiration: null });
  });

  it('blocks an expiration on a group through the member set that grants the permission', () => {
    const [r] = plan([row('Admins', { kind: 'set', at: LATER }, 'permissionSetGroup')]);
    expect(r.blocker).to.deep.equal({
      reason: 'EXPIRATION_NOT_ALLOWED',
      tokens: ['Admins', 'ns__Assigner', 'Assign Permission Sets (PermissionsAssignPermissionSets)'],
      variant: 'group',
    });
  });

  it('lets an existing expiration be cleared, and leaves an unchanged one alone', () => {
    const existing = new Map([[`${u.id}:${admin.id}`, { id: '0Pa000000000000001', assigneeId: u.id, targetId: admin.id, expirationDate: '2027-01-01T00:00:00.000+0000' }]]);
    expect(plan([row('User_Admin', { kind: 'clear' })], state({ existing }))[0]).to.include({ action: 'update', expiration: null });
    expect(plan([row('User_Admin')], state({ existing }))[0].action).to.equal('unchanged');
    expect(plan([row('User_Admin', { kind: 'set', at: LATER })], state({ existing }))[0].blocker?.reason).to.equal('EXPIRATION_NOT_ALLOWED');
  });

  it('marks rows of a session-based set or group SESSION_BASED, created or unchanged; other rows carry no warning', () => {
    const existing = new Map([[`${u.id}:0PG000000000002AAA`, { id: '0Pa000000000000002', assigneeId: u.id, targetId: '0PG000000000002AAA', expirationDate: null }]]);
    const rows = plan([row('Elevate'), row('Sessions', { kind: 'keep' }, 'permissionSetGroup'), row('Plain')], state({ existing }));
    expect(rows.map((r) => [r.action, r.warnings])).to.deep.equal([
      ['create', ['SESSION_BASED']],
      ['unchanged', ['SESSION_BASED']],
      ['create', undefined],
    ]);
  });

  it('noExpiryGrant takes the first of the three permissions a row grants, and nothing for false or other permissions', () => {
    expect(noExpiryGrant({ PermissionsManageUsers: true, PermissionsAssignPermissionSets: true }, 'S')).to.deep.equal({ permission: 'PermissionsAssignPermissionSets', via: 'S' });
    expect(noExpiryGrant({ PermissionsManageProfilesPermissionsets: true }, 'S')?.permission).to.equal('PermissionsManageProfilesPermissionsets');
    expect(noExpiryGrant({ PermissionsManageUsers: false, PermissionsModifyAllData: true }, 'S')).to.equal(undefined);
  });
});
