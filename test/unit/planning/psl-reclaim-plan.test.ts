import { expect } from 'chai';
import { planReclaim, type ReclaimLicenseFacts, type SeatFact } from '../../../src/planning/psl/reclaim-plan.js';
import { type RemovedAssignment } from '../../../src/planning/removal/types.js';

const user = (n: number): string => `005${String(n).padStart(15, '0')}`;
const seat = (n: number, userN: number): SeatFact => ({ seatId: `2LA${String(n).padStart(15, '0')}`, userId: user(userN), username: `u${userN}@x.org` });
const assignment = (n: number, userN: number, kind: RemovedAssignment['kind'], targetName: string): RemovedAssignment => ({
  id: `0Pa${String(n).padStart(15, '0')}`,
  assigneeId: user(userN),
  username: `u${userN}@x.org`,
  kind,
  targetId: kind === 'permissionSet' ? `0PS${String(n).padStart(15, '0')}` : `0PG${String(n).padStart(15, '0')}`,
  targetName,
  expirationDate: null,
});
const license = (name: string, used: number, facts: Partial<ReclaimLicenseFacts> = {}): ReclaimLicenseFacts => ({
  id: `0PL${name.padStart(15, '0')}`,
  developerName: name,
  masterLabel: name,
  totalLicenses: 100,
  usedLicenses: used,
  inactiveSeats: [],
  unneededSeats: [],
  neededBy: [],
  ...facts,
});

describe('psl reclaim plan', () => {
  it('counts seats before and after per license, and deletes the inactive holders assignments that need it before their seats', () => {
    const plan = planReclaim([
      license('A', 10, {
        inactiveSeats: [seat(1, 2), seat(2, 1)],
        unneededSeats: [seat(3, 5)],
        neededBy: [assignment(1, 1, 'permissionSet', 'A_Set'), assignment(2, 1, 'permissionSetGroup', 'A_Group')],
      }),
      license('B', 4),
    ]);
    expect(plan.licenses.map((l) => [l.developerName, l.usedBefore, l.usedAfter, l.seats, l.assignments])).to.deep.equal([
      ['A', 10, 7, { inactive: 2, unneeded: 1 }, 2],
      ['B', 4, 4, { inactive: 0, unneeded: 0 }, 0],
    ]);
    expect(plan.deletes).to.equal(5);
    expect(plan.rows.map((r) => r.kind)).to.deep.equal(['assignment', 'assignment', 'seat', 'seat', 'seat']);
    // Within a license, by username.
    expect(plan.removal.licenseAssignments.map((s) => [s.username, s.licenseName])).to.deep.equal([
      ['u1@x.org', 'A'],
      ['u2@x.org', 'A'],
      ['u5@x.org', 'A'],
    ]);
    expect(plan.rows.filter((r) => r.kind === 'seat').map((r) => r.reason)).to.deep.equal(['INACTIVE', 'INACTIVE', 'UNNEEDED']);
    expect(plan.removal.assignments.map((a) => a.targetName)).to.deep.equal(['A_Set', 'A_Group']);
  });

  it('never plans an assignment of a user who is not an inactive holder of that license', () => {
    const plan = planReclaim([
      license('A', 3, {
        inactiveSeats: [seat(1, 1)],
        unneededSeats: [seat(2, 7)],
        // u7 is an active (unneeded) holder and u9 holds no seat: neither assignment may go.
        neededBy: [assignment(1, 1, 'permissionSet', 'A_Set'), assignment(2, 7, 'permissionSet', 'A_Set'), assignment(3, 9, 'permissionSetGroup', 'G')],
      }),
    ]);
    expect(plan.removal.assignments.map((a) => a.assigneeId)).to.deep.equal([user(1)]);
    expect(plan.licenses[0].assignments).to.equal(1);
  });

  it('plans an assignment needed by two licenses once, naming both', () => {
    const group = assignment(4, 3, 'permissionSetGroup', 'Both_Group');
    const plan = planReclaim([
      license('A', 2, { inactiveSeats: [seat(1, 3)], neededBy: [group] }),
      license('B', 2, { inactiveSeats: [seat(2, 3)], neededBy: [group, group] }),
    ]);
    expect(plan.removal.assignments).to.have.length(1);
    const row = plan.rows.find((r) => r.kind === 'assignment');
    expect(row?.licenses).to.deep.equal(['A', 'B']);
    expect(plan.licenses.map((l) => [l.assignments, l.usedAfter])).to.deep.equal([
      [1, 1],
      [1, 1],
    ]);
    expect(plan.deletes).to.equal(3);
  });

  it('plans nothing when nothing is wasted, and never counts UsedLicenses below zero', () => {
    expect(planReclaim([license('A', 5)])).to.deep.include({ deletes: 0, rows: [], removal: { assignments: [], licenseAssignments: [] } });
    // UsedLicenses read as 0 while seats are listed (a count not yet caught up): after stays at 0.
    expect(planReclaim([license('A', 0, { inactiveSeats: [seat(1, 1)] })]).licenses[0].usedAfter).to.equal(0);
  });

  it('takes a seat listed twice once', () => {
    const plan = planReclaim([license('A', 3, { inactiveSeats: [seat(1, 1), seat(1, 1)], unneededSeats: [seat(1, 1)] })]);
    expect(plan.deletes).to.equal(1);
    expect(plan.licenses[0].seats).to.deep.equal({ inactive: 1, unneeded: 0 });
  });
});
