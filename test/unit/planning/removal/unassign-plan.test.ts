import { expect } from 'chai';
import { type Blocker, type DesiredRow, type ExistingAssignment, type GroupInfo, type PermissionSetInfo, type UserInfo } from '../../../../src/planning/assignment/types.js';
import {
  planUnassignBatch,
  refineUnknownSets,
  unknownSetNames,
  type UnassignRow,
  type UnassignState,
  type Unassignable,
} from '../../../../src/planning/removal/unassign-plan.js';

const ANN: UserInfo = { id: '005000000000001AAA', username: 'ann@x.org', isActive: true, userLicenseId: '100000000000001AAA' };
const BOB: UserInfo = { id: '005000000000002AAA', username: 'bob@x.org', isActive: false, userLicenseId: '100000000000001AAA' };
const SALES: PermissionSetInfo = { id: '0PS000000000001AAA', name: 'Sales', licenseId: null };
const CASES: PermissionSetInfo = { id: '0PS000000000002AAA', name: 'ns__Cases', licenseId: null };
const SUPPORT: GroupInfo = { id: '0PG000000000001AAA', name: 'Support', status: 'Updated', requiredPslIds: [], requiredUserLicenseIds: [] };

const users = new Map<string, UserInfo>();
for (const u of [ANN, BOB]) users.set(u.username, u).set(u.id, u).set(u.id.slice(0, 15), u);

const assignment = (id: string, user: UserInfo, targetId: string, expirationDate: string | null = null): [string, ExistingAssignment] => [
  `${user.id}:${targetId}`,
  { id, assigneeId: user.id, targetId, expirationDate },
];

const state = (over: Partial<UnassignState> = {}): UnassignState => ({
  users,
  permissionSets: new Map<string, PermissionSetInfo | Blocker>([
    ['Sales', SALES],
    ['Cases', CASES],
  ]),
  groups: new Map<string, GroupInfo | Blocker>([['Support', SUPPORT]]),
  existing: new Map([assignment('0Pa000000000001AAA', ANN, SALES.id, '2031-01-01T00:00:00.000+0000'), assignment('0Pa000000000002AAA', ANN, SUPPORT.id)]),
  repeats: new Map(),
  ...over,
});

let line = 1;
const row = (user: string, kind: DesiredRow['kind'], target: string): DesiredRow => ({ index: ++line, user, kind, target, expiration: { kind: 'keep' } });
const summary = (rows: UnassignRow[], s = state()): Array<[string, string | undefined]> =>
  planUnassignBatch(rows, s).map((p) => [p.action, p.blocker?.reason]);

describe('unassign planning', () => {
  it('deletes an assignment that exists, keeping everything a restore needs, expiration included', () => {
    const [plan] = planUnassignBatch([row('ANN@x.org', 'permissionSet', 'Sales')], state());
    expect(plan.action).to.equal('delete');
    expect(plan.removal).to.deep.equal({
      id: '0Pa000000000001AAA',
      assigneeId: ANN.id,
      username: 'ann@x.org',
      kind: 'permissionSet',
      targetId: SALES.id,
      targetName: 'Sales',
      expirationDate: '2031-01-01T00:00:00.000+0000',
    });
  });

  it('leaves a row whose assignment does not exist unchanged, for an inactive user too', () => {
    expect(summary([row('ann@x.org', 'permissionSet', 'Cases'), row('bob@x.org', 'permissionSet', 'Sales')])).to.deep.equal([
      ['unchanged', undefined],
      ['unchanged', undefined],
    ]);
  });

  it('removes a group assignment as the group (its 0PG Id), and a member set named with -n does not reach it', () => {
    const plans = planUnassignBatch([row('ann@x.org', 'permissionSetGroup', 'Support'), row('ann@x.org', 'permissionSet', 'Cases')], state());
    expect(plans.map((p) => p.action)).to.deep.equal(['delete', 'unchanged']);
    expect(plans[0].removal).to.include({ id: '0Pa000000000002AAA', kind: 'permissionSetGroup', targetId: SUPPORT.id, targetName: 'Support' });
  });

  it('names the resolved qualified name and keeps the user by 15-character Id', () => {
    const existing = new Map([assignment('0Pa000000000003AAA', BOB, CASES.id)]);
    const [plan] = planUnassignBatch([row(BOB.id.slice(0, 15), 'permissionSet', 'Cases')], state({ existing }));
    expect(plan).to.include({ action: 'delete', targetName: 'ns__Cases' });
    expect(plan.removal).to.include({ username: 'bob@x.org', targetName: 'ns__Cases' });
  });

  it('blocks unknown users, sets and groups, and passes on what name resolution said (ambiguous)', () => {
    const ambiguous: Blocker = { reason: 'AMBIGUOUS_NAME', tokens: ['Ops', 'a__Ops, b__Ops'] };
    const s = state({ permissionSets: new Map<string, PermissionSetInfo | Blocker>([['Ops', ambiguous]]) });
    const plans = planUnassignBatch(
      [row('ghost@x.org', 'permissionSet', 'Sales'), row('ann@x.org', 'permissionSet', 'Nope'), row('ann@x.org', 'permissionSetGroup', 'Nope'), row('ann@x.org', 'permissionSet', 'Ops')],
      s
    );
    expect(plans.map((p) => [p.action, p.blocker?.reason, p.blocker?.tokens[0]])).to.deep.equal([
      ['blocked', 'UNKNOWN_USER', 'ghost@x.org'],
      ['blocked', 'UNKNOWN_PERMISSION_SET', 'Nope'],
      ['blocked', 'UNKNOWN_GROUP', 'Nope'],
      ['blocked', 'AMBIGUOUS_NAME', 'Ops'],
    ]);
    expect(plans.every((p) => p.removal === undefined)).to.equal(true);
  });

  it('reports an invalid input row with its own reason and plans nothing for it', () => {
    const invalid: UnassignRow = { index: 9, user: '', kind: 'permissionSet', target: 'Sales', invalid: { reason: 'INVALID_ROW', tokens: ['error.CsvMissingUser', 'f.csv', '9'] } };
    const [plan] = planUnassignBatch([invalid], state());
    expect(plan).to.include({ action: 'blocked', targetName: 'Sales', kind: 'permissionSet' });
    expect(plan.blocker).to.deep.equal(invalid.invalid);
  });

  it('blocks a row repeating an earlier one and lets the earlier one delete', () => {
    const first = row('ann@x.org', 'permissionSet', 'Sales');
    const again = row('ann@x.org', 'permissionSet', 'Sales');
    const plans = planUnassignBatch([first, again], state({ repeats: new Map([[again.index, first.index]]) }));
    expect(plans.map((p) => [p.action, p.blocker?.reason, p.blocker?.tokens])).to.deep.equal([
      ['delete', undefined, undefined],
      ['blocked', 'CONFLICTING_ROWS', [String(first.index)]],
    ]);
  });

  it('plans one removal for two rows that reach one assignment (a username and an Id)', () => {
    const plans = planUnassignBatch([row('ann@x.org', 'permissionSet', 'Sales'), row(ANN.id, 'permissionSet', 'Sales')], state());
    expect(plans.map((p) => p.action)).to.deep.equal(['delete', 'delete']);
    expect(plans[1].removal).to.equal(plans[0].removal);
  });
});

describe('unassign: names that are not assignable', () => {
  const resolved = new Map<string, PermissionSetInfo | Blocker>([
    ['Sales', SALES],
    ['X00e000000000001', { reason: 'UNKNOWN_PERMISSION_SET', tokens: ['X00e000000000001'] }],
    ['Support', { reason: 'UNKNOWN_PERMISSION_SET', tokens: ['Support'] }],
    ['Typo', { reason: 'UNKNOWN_PERMISSION_SET', tokens: ['Typo'] }],
    ['Ops', { reason: 'AMBIGUOUS_NAME', tokens: ['Ops', 'a__Ops, b__Ops'] }],
  ]);

  it('asks again only about the names not found', () => {
    expect(unknownSetNames(resolved)).to.deep.equal(['X00e000000000001', 'Support', 'Typo']);
    expect(unknownSetNames(new Map([['Sales', SALES]]))).to.deep.equal([]);
  });

  it("tells a profile's own set (PROFILE_OWNED) and a group's aggregate set (unknown, naming the group) from a typo", () => {
    const unassignable = new Map<string, Unassignable>([
      ['X00e000000000001', { kind: 'profileOwned' }],
      ['Support', { kind: 'groupAggregate', group: 'Support' }],
      // A name that did resolve, or resolved ambiguously, is never re-read as something else.
      ['Sales', { kind: 'profileOwned' }],
      ['Ops', { kind: 'profileOwned' }],
    ]);
    const refined = refineUnknownSets(resolved, unassignable);
    expect(refined.get('X00e000000000001')).to.deep.equal({ reason: 'PROFILE_OWNED', tokens: ['X00e000000000001'] });
    expect(refined.get('Support')).to.deep.equal({ reason: 'UNKNOWN_PERMISSION_SET', tokens: ['Support', 'Support'], variant: 'group' });
    expect(refined.get('Typo')).to.deep.equal({ reason: 'UNKNOWN_PERMISSION_SET', tokens: ['Typo'] });
    expect(refined.get('Sales')).to.equal(SALES);
    expect(refined.get('Ops')).to.deep.include({ reason: 'AMBIGUOUS_NAME' });
    const [plan] = planUnassignBatch([row('ann@x.org', 'permissionSet', 'X00e000000000001')], state({ permissionSets: refined }));
    expect(plan).to.include({ action: 'blocked' });
    expect(plan.blocker?.reason).to.equal('PROFILE_OWNED');
  });
});
