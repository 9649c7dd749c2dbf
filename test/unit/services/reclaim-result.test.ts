import { expect } from 'chai';
import { planReclaim } from '../../../src/planning/psl/reclaim-plan.js';
import { type DeleteOutcome } from '../../../src/services/removal/delete-removals.js';
import { reclaimResult, rowHolds } from '../../../src/services/psl/reclaim-result.js';

const USER = ['005000000000000001', '005000000000000002', '005000000000000003'];
const plan = planReclaim([
  {
    id: '0PL000000000000001',
    developerName: 'Cpq',
    masterLabel: 'CPQ',
    totalLicenses: 10,
    usedLicenses: 6,
    inactiveSeats: [
      { seatId: '2LA000000000000001', userId: USER[0], username: 'u1@x.org' },
      { seatId: '2LA000000000000002', userId: USER[1], username: 'u2@x.org' },
    ],
    unneededSeats: [{ seatId: '2LA000000000000003', userId: USER[2], username: 'u3@x.org' }],
    neededBy: [
      { id: '0Pa000000000000001', assigneeId: USER[0], username: 'u1@x.org', kind: 'permissionSet', targetId: '0PS000000000000001', targetName: 'Cpq_Set', expirationDate: null },
      { id: '0Pa000000000000002', assigneeId: USER[1], username: 'u2@x.org', kind: 'permissionSetGroup', targetId: '0PG000000000000001', targetName: 'Cpq_Group', expirationDate: null },
    ],
  },
]);
const modes = { inactive: true, unneeded: true };
const requests = { reads: 5, writes: 2, retries: 0 };

describe('psl reclaim result', () => {
  it('a dry run reports every planned row as toDelete, seats after as planned, and no backup', () => {
    const result = reclaimResult({ plan, modes, dryRun: true, backupFile: null, requests });
    expect(result.rows.map((r) => r.status)).to.deep.equal(['toDelete', 'toDelete', 'toDelete', 'toDelete', 'toDelete']);
    expect(result.licenses[0]).to.deep.include({ usedBefore: 6, usedAfter: 3, deleted: { assignments: 0, seats: 0 } });
    expect(result.totals.toDelete).to.equal(5);
    expect(result.rows.every(rowHolds)).to.equal(true);
  });

  it('a run reports each row by its outcome, the org\'s UsedLicenses after, and failed and skipped rows as not holding', () => {
    const outcomes = new Map<string, DeleteOutcome>([
      ['0Pa000000000000001', { status: 'deleted' }],
      ['0Pa000000000000002', { status: 'failed', errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }],
      ['2LA000000000000001', { status: 'alreadyGone' }],
      ['2LA000000000000002', { status: 'skipped', reason: 'ASSIGNMENT_NOT_DELETED' }],
      ['2LA000000000000003', { status: 'deleted' }],
    ]);
    const result = reclaimResult({ plan, modes, dryRun: false, backupFile: '/tmp/b.json', outcomes, usedAfter: new Map([['0PL000000000000001', 4]]), requests });
    expect(result.rows.map((r) => [r.id, r.status, r.errorCode ?? ''])).to.deep.equal([
      ['0Pa000000000000001', 'deleted', ''],
      ['0Pa000000000000002', 'failed', 'UNABLE_TO_LOCK_ROW'],
      ['2LA000000000000001', 'alreadyGone', ''],
      ['2LA000000000000002', 'skipped', 'ASSIGNMENT_NOT_DELETED'],
      ['2LA000000000000003', 'deleted', ''],
    ]);
    expect(result.licenses[0]).to.deep.include({ usedAfter: 4, deleted: { assignments: 1, seats: 1 }, alreadyGone: 1, failed: 1, skipped: 1 });
    expect(result.totals).to.deep.equal({ rows: 5, toDelete: 0, deleted: { assignments: 1, seats: 1 }, alreadyGone: 1, failed: 1, skipped: 1 });
    expect(result.rows.filter(rowHolds).map((r) => r.id)).to.deep.equal(['0Pa000000000000001', '2LA000000000000001', '2LA000000000000003']);
    expect(result.rows[1]).to.deep.include({ kind: 'assignment', permissionSetGroup: 'Cpq_Group', reason: 'INACTIVE', licenses: ['Cpq'] });
  });

  it('never reports a row of a real run as done when the executor gave no outcome for it', () => {
    const result = reclaimResult({ plan, modes, dryRun: false, backupFile: '/tmp/b.json', outcomes: new Map(), requests });
    expect(result.rows.map((r) => r.status)).to.deep.equal(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(result.rows.some(rowHolds)).to.equal(false);
  });
});
