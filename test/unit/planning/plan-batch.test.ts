import { expect } from 'chai';
import { planBatch, type BatchState } from '../../../src/planning/assignment/plan-batch.js';
import { SeatLedger } from '../../../src/planning/assignment/seat-ledger.js';
import {
  type DesiredRow,
  type ExistingAssignment,
  type GroupInfo,
  type PermissionSetInfo,
  type UserInfo,
} from '../../../src/planning/assignment/types.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const LICENSE = '100000000000001AAA';
const OTHER_LICENSE = '100000000000002AAA';
const PSL = '0PL000000000001AAA';

const user = (n: number, extra: Partial<UserInfo> = {}): UserInfo => ({
  id: `005${String(n).padStart(15, '0')}`,
  username: `u${n}@example.com`,
  isActive: true,
  userLicenseId: LICENSE,
  ...extra,
});
const sales: PermissionSetInfo = { id: '0PS000000000001AAA', name: 'Sales', licenseId: null };
const licensed: PermissionSetInfo = { id: '0PS000000000002AAA', name: 'Analytics', licenseId: PSL };
const platformOnly: PermissionSetInfo = { id: '0PS000000000003AAA', name: 'PlatformOnly', licenseId: OTHER_LICENSE };
const group = (status: GroupInfo['status'], requiredPslIds: string[] = []): GroupInfo => ({
  id: '0PG000000000001AAA',
  name: 'Support',
  status,
  requiredPslIds,
  requiredUserLicenseIds: [],
});

function state(users: UserInfo[], extra: Partial<BatchState> = {}): BatchState {
  const byKey = new Map<string, UserInfo>();
  for (const u of users) byKey.set(u.username.toLowerCase(), u).set(u.id, u);
  return {
    users: byKey,
    permissionSets: new Map([
      ['Sales', sales],
      ['Analytics', licensed],
      ['PlatformOnly', platformOnly],
    ]),
    groups: new Map([['Support', group('Updated')]]),
    existing: new Map(),
    pslHoldings: new Set(),
    conflicts: new Map(),
    now: NOW,
    ...extra,
  };
}

let index = 0;
const row = (u: UserInfo | string, target = 'Sales', extra: Partial<DesiredRow> = {}): DesiredRow => ({
  index: ++index,
  user: typeof u === 'string' ? u : u.username,
  kind: 'permissionSet',
  target,
  expiration: { kind: 'keep' },
  ...extra,
});
const existing = (u: UserInfo, targetId: string, expirationDate: string | null = null): ExistingAssignment => ({
  id: `0Pa${u.id.slice(3)}`,
  assigneeId: u.id,
  targetId,
  expirationDate,
});
const ledger = (total = 10, used = 0): SeatLedger => new SeatLedger([{ id: PSL, name: 'Analytics_PSL', total, used }]);

describe('planBatch', () => {
  it('creates a missing assignment and leaves an existing one unchanged', () => {
    const [a, b] = [user(1), user(2)];
    const s = state([a, b], { existing: new Map([[`${b.id}:${sales.id}`, existing(b, sales.id)]]) });
    const plan = planBatch([row(a), row(b)], s, ledger(), new Set());
    expect(plan.rows.map((r) => r.action)).to.deep.equal(['create', 'unchanged']);
  });

  it('updates an existing assignment whose expiration differs, and not one that names the same second', () => {
    const [a, b] = [user(1), user(2)];
    const s = state([a, b], {
      existing: new Map([
        [`${a.id}:${sales.id}`, existing(a, sales.id, '2027-01-01T00:00:00.000+0000')],
        [`${b.id}:${sales.id}`, existing(b, sales.id, '2027-01-01T00:00:00.000+0000')],
      ]),
    });
    const plan = planBatch(
      [
        row(a, 'Sales', { expiration: { kind: 'set', at: '2027-02-01T00:00:00.000Z' } }),
        row(b, 'Sales', { expiration: { kind: 'set', at: '2027-01-01T00:00:00.000Z' } }),
      ],
      s,
      ledger(),
      new Set()
    );
    expect(plan.rows.map((r) => r.action)).to.deep.equal(['update', 'unchanged']);
    expect(plan.rows[0].expiration).to.equal('2027-02-01T00:00:00.000Z');
  });

  it('clears an expiration with `never` and keeps it when none is given', () => {
    const [a, b] = [user(1), user(2)];
    const s = state([a, b], {
      existing: new Map([
        [`${a.id}:${sales.id}`, existing(a, sales.id, '2027-01-01T00:00:00.000+0000')],
        [`${b.id}:${sales.id}`, existing(b, sales.id, '2027-01-01T00:00:00.000+0000')],
      ]),
    });
    const plan = planBatch([row(a, 'Sales', { expiration: { kind: 'clear' } }), row(b)], s, ledger(), new Set());
    expect(plan.rows.map((r) => [r.action, r.expiration])).to.deep.equal([
      ['update', null],
      ['unchanged', undefined],
    ]);
  });

  it('blocks unknown users, unknown names and inactive users with their reason codes', () => {
    const inactive = user(3, { isActive: false });
    const s = state([user(1), inactive], { permissionSets: new Map([['Nope', { reason: 'UNKNOWN_PERMISSION_SET', tokens: ['Nope'] }]]) });
    const plan = planBatch([row('ghost@example.com'), row(user(1), 'Nope'), row(inactive, 'Nope')], s, ledger(), new Set());
    expect(plan.rows.map((r) => r.blocker?.reason)).to.deep.equal(['UNKNOWN_USER', 'UNKNOWN_PERMISSION_SET', 'UNKNOWN_PERMISSION_SET']);
    const inactivePlan = planBatch([row(inactive)], state([inactive]), ledger(), new Set());
    expect(inactivePlan.rows[0].blocker?.reason).to.equal('INACTIVE_USER');
  });

  it('blocks a permission set tied to another user license', () => {
    const plan = planBatch([row(user(1), 'PlatformOnly')], state([user(1)]), ledger(), new Set());
    expect(plan.rows[0].blocker).to.deep.equal({ reason: 'LICENSE_MISMATCH', tokens: ['u1@example.com', 'PlatformOnly'] });
  });

  it('spends the last free PSL seats in input order and blocks the rest', () => {
    const users = [1, 2, 3, 4].map((n) => user(n));
    const seats = ledger(10, 8); // two seats free
    const plan = planBatch(users.map((u) => row(u, 'Analytics')), state(users), seats, new Set());
    expect(plan.rows.map((r) => r.action)).to.deep.equal(['create', 'create', 'blocked', 'blocked']);
    expect(plan.rows[2].blocker?.reason).to.equal('PSL_SEATS_EXHAUSTED');
    expect(seats.shortfalls()).to.deep.equal([{ psl: { id: PSL, name: 'Analytics_PSL', total: 10, used: 8 }, missing: 2 }]);
  });

  it('needs no seat for a user who already holds the PSL', () => {
    const u = user(1);
    const plan = planBatch([row(u, 'Analytics')], state([u], { pslHoldings: new Set([`${u.id}:${PSL}`]) }), ledger(1, 1), new Set());
    expect(plan.rows[0].action).to.equal('create');
  });

  it('assigns the PSL a group needs first, but lets Salesforce auto-assign a permission set’s PSL', () => {
    const u = user(1);
    const s = state([u], { groups: new Map([['Support', group('Updated', [PSL])]]) });
    const plan = planBatch([row(u, 'Support', { kind: 'permissionSetGroup' }), row(user(1), 'Analytics')], s, ledger(), new Set());
    expect(plan.pslAssignments).to.deep.equal([{ assigneeId: u.id, pslId: PSL }]);
    expect(plan.rows.map((r) => r.action)).to.deep.equal(['create', 'create']);
  });

  it('blocks a Failed group and a group still recalculating', () => {
    const u = user(1);
    const failed = planBatch([row(u, 'Support', { kind: 'permissionSetGroup' })], state([u], { groups: new Map([['Support', group('Failed')]]) }), ledger(), new Set());
    const outdated = planBatch([row(u, 'Support', { kind: 'permissionSetGroup' })], state([u], { groups: new Map([['Support', group('Outdated')]]) }), ledger(), new Set());
    expect(failed.rows[0].blocker?.reason).to.equal('GROUP_FAILED');
    expect(outdated.rows[0].blocker).to.deep.equal({ reason: 'GROUP_NOT_UPDATED', tokens: ['Support', 'Outdated'] });
  });

  it('writes a pair once when the input repeats it', () => {
    const u = user(1);
    const plan = planBatch([row(u), row(u.id)], state([u]), ledger(), new Set());
    expect(plan.rows.map((r) => r.action)).to.deep.equal(['create', 'unchanged']);
  });

  it('blocks a past expiration', () => {
    const plan = planBatch([row(user(1), 'Sales', { expiration: { kind: 'set', at: '2020-01-01T00:00:00.000Z' } })], state([user(1)]), ledger(), new Set());
    expect(plan.rows[0].blocker?.reason).to.equal('EXPIRATION_IN_PAST');
  });
});
