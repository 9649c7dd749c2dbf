import { expect } from 'chai';
import { planBatch } from '../../../../src/planning/assignment/plan-batch.js';
import { SeatLedger } from '../../../../src/planning/assignment/seat-ledger.js';
import { type DesiredRow, type UserInfo } from '../../../../src/planning/assignment/types.js';
import {
  type SyncTarget,
  type TargetAssignment,
  listedPair,
  orderRemovals,
  pairKey,
  syncDeletes,
  syncTargets,
} from '../../../../src/planning/removal/sync-plan.js';

const SALES: SyncTarget = { id: '0PS000000000001AAA', kind: 'permissionSet', name: 'Sales' };
const EXPORT: SyncTarget = { id: '0PS000000000002AAA', kind: 'permissionSet', name: 'Case_Export' };
const SUPPORT: SyncTarget = { id: '0PG000000000001AAA', kind: 'permissionSetGroup', name: 'Support' };
const NS_REPORTS: SyncTarget = { id: '0PS000000000003AAA', kind: 'permissionSet', name: 'ns1__Reports' };
const NS2_REPORTS: SyncTarget = { id: '0PS000000000004AAA', kind: 'permissionSet', name: 'ns2__Reports' };

const U1 = '005000000000001AAA';
const U2 = '005000000000002AAA';
const ADMIN = '005000000000009AAA';
let next = 0;
const existing = (assigneeId: string, target: SyncTarget, username = `${assigneeId.slice(-4)}@x.org`): TargetAssignment => ({
  id: `0Pa00000000000${String(++next).padStart(2, '0')}AAA`,
  assigneeId,
  username,
  targetId: target.id,
  expirationDate: null,
});
const byId = (...targets: SyncTarget[]): Map<string, SyncTarget> => new Map(targets.map((t) => [t.id, t]));
const nobody = new Set<string>();

describe('sync plan: which assignments a sync removes', () => {
  it('removes the unlisted assignments of the targets in scope and keeps every listed pair', () => {
    const rows = [existing(U1, SALES), existing(U2, SALES), existing(U2, SUPPORT)];
    const { deletes, kept } = syncDeletes(rows, { targets: byId(SALES, SUPPORT), listed: new Set([pairKey(U1, SALES.id)]), protectedUsernames: nobody });
    expect(deletes.map((d) => [d.assigneeId, d.targetName, d.kind])).to.deep.equal([
      [U2, 'Sales', 'permissionSet'],
      [U2, 'Support', 'permissionSetGroup'],
    ]);
    expect(kept).to.deep.equal([]);
  });

  it('never removes an assignment of a target outside the scope', () => {
    const rows = [existing(U1, EXPORT)];
    expect(syncDeletes(rows, { targets: byId(SALES), listed: new Set(), protectedUsernames: nobody }).deletes).to.deep.equal([]);
  });

  it("keeps the running user's own unlisted assignments, whatever the case of the username", () => {
    const rows = [existing(ADMIN, SALES, 'Admin@Test.org'), existing(U1, SALES)];
    const { deletes, kept } = syncDeletes(rows, { targets: byId(SALES), listed: new Set(), protectedUsernames: new Set(['admin@test.org']) });
    expect(deletes.map((d) => d.assigneeId)).to.deep.equal([U1]);
    expect(kept.map((d) => d.assigneeId)).to.deep.equal([ADMIN]);
  });

  it('keeps everything a backup needs to put a removed row back', () => {
    const row = { ...existing(U1, SUPPORT, 'u1@x.org'), expirationDate: '2031-01-01T00:00:00.000Z' };
    const [removed] = syncDeletes([row], { targets: byId(SUPPORT), listed: new Set(), protectedUsernames: nobody }).deletes;
    expect(removed).to.deep.equal({
      id: row.id,
      assigneeId: U1,
      username: 'u1@x.org',
      kind: 'permissionSetGroup',
      targetId: SUPPORT.id,
      targetName: 'Support',
      expirationDate: '2031-01-01T00:00:00.000Z',
    });
  });
});

describe('sync plan: the pairs a file lists', () => {
  it('lists a pair whenever user and target are known, blocked rows included', () => {
    expect(listedPair({ user: { id: U1 }, targetId: SALES.id })).to.equal(pairKey(U1, SALES.id));
  });

  it("keeps an existing assignment whose row the planner blocks (inactive user, Failed group), not an unknown user's", () => {
    const active: UserInfo = { id: U1, username: 'u1@x.org', isActive: true, userLicenseId: null };
    const inactive: UserInfo = { id: U2, username: 'u2@x.org', isActive: false, userLicenseId: null };
    const users = new Map([
      ['u1@x.org', active],
      ['u2@x.org', inactive],
    ]);
    const desired = (index: number, user: string, kind: DesiredRow['kind'], target: string): DesiredRow => ({
      index,
      user,
      kind,
      target,
      expiration: { kind: 'set', at: '2031-01-01T00:00:00.000Z' },
    });
    const plan = planBatch(
      [desired(2, 'u2@x.org', 'permissionSet', 'Sales'), desired(3, 'u1@x.org', 'permissionSetGroup', 'Support'), desired(4, 'ghost@x.org', 'permissionSet', 'Sales')],
      {
        users,
        permissionSets: new Map([['Sales', { id: SALES.id, name: 'Sales', licenseId: null }]]),
        groups: new Map([['Support', { id: SUPPORT.id, name: 'Support', status: 'Failed' as const, requiredPslIds: [], requiredUserLicenseIds: [] }]]),
        existing: new Map([[pairKey(U2, SALES.id), { id: '0Pa000000000001AAA', assigneeId: U2, targetId: SALES.id, expirationDate: null }]]),
        pslHoldings: new Set(),
        conflicts: new Map(),
        now: Date.parse('2026-01-01T00:00:00Z'),
      },
      new SeatLedger([]),
      new Set()
    );
    expect(plan.rows.map((r) => [r.action, r.blocker?.reason])).to.deep.equal([
      ['blocked', 'INACTIVE_USER'],
      ['blocked', 'GROUP_FAILED'],
      ['blocked', 'UNKNOWN_USER'],
    ]);
    const listed = new Set(plan.rows.map(listedPair).filter((k): k is string => k !== undefined));
    expect([...listed]).to.deep.equal([pairKey(U2, SALES.id), pairKey(U1, SUPPORT.id)]);
    const rows = [existing(U2, SALES), existing(U1, SUPPORT)];
    expect(syncDeletes(rows, { targets: byId(SALES, SUPPORT), listed, protectedUsernames: nobody }).deletes).to.deep.equal([]);
  });

  it('lists nothing for an unknown user or an unresolved target', () => {
    expect(listedPair({ targetId: SALES.id })).to.equal(undefined);
    expect(listedPair({ user: { id: U1 } })).to.equal(undefined);
  });
});

describe('sync plan: the targets in scope', () => {
  const org = [SALES, EXPORT, SUPPORT, NS_REPORTS, NS2_REPORTS];

  it('scope file: only the targets the file names and that resolved', () => {
    const file = [
      { kind: 'permissionSet' as const, name: 'Sales', target: SALES },
      { kind: 'permissionSet' as const, name: 'Nope' },
    ];
    expect([...syncTargets('file', file, org).values()]).to.deep.equal([SALES]);
  });

  it('scope all: every assignable target of the org besides the file', () => {
    const file = [{ kind: 'permissionSet' as const, name: 'Sales', target: SALES }];
    expect([...syncTargets('all', file, org).keys()].sort()).to.deep.equal(org.map((t) => t.id).sort());
  });

  it('scope all: a name the file gives that matched no single target keeps every target of that name out', () => {
    const file = [{ kind: 'permissionSet' as const, name: 'reports' }];
    const names = [...syncTargets('all', file, org).values()].map((t) => t.name);
    expect(names).to.deep.equal(['Sales', 'Case_Export', 'Support']);
  });

  it('scope all: an unresolved group name does not shield a permission set of that name', () => {
    const file = [{ kind: 'permissionSetGroup' as const, name: 'Sales' }];
    expect([...syncTargets('all', file, org).values()]).to.include(SALES);
  });
});

describe('sync plan: order of the rows', () => {
  it('sorts sets before groups, then by target name and username, case-insensitively', () => {
    const rows = [existing(U2, SUPPORT, 'b@x'), existing(U1, SALES, 'B@x'), existing(U2, EXPORT, 'a@x'), existing(U1, SALES, 'a@x')];
    const removed = syncDeletes(rows, { targets: byId(SALES, EXPORT, SUPPORT), listed: new Set(), protectedUsernames: nobody }).deletes;
    expect(orderRemovals(removed).map((r) => `${r.targetName}/${r.username}`)).to.deep.equal(['Case_Export/a@x', 'Sales/a@x', 'Sales/B@x', 'Support/b@x']);
  });
});
