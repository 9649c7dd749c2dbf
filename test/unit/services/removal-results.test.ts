import { expect } from 'chai';
import { type RemovedAssignment } from '../../../src/planning/removal/types.js';
import { type DeleteOutcome } from '../../../src/services/removal/delete-removals.js';
import { keptResults, removalResults } from '../../../src/services/assign/removal-results.js';

const row = (id: string, kind: RemovedAssignment['kind'] = 'permissionSet'): RemovedAssignment => ({
  id,
  assigneeId: '005000000000001AAA',
  username: 'u1@x.org',
  kind,
  targetId: kind === 'permissionSet' ? '0PS000000000001AAA' : '0PG000000000001AAA',
  targetName: kind === 'permissionSet' ? 'Sales' : 'Support',
  expirationDate: '2031-01-01T00:00:00.000Z',
});
const describe_ = (b: { reason: string; tokens: string[] }): string => `${b.reason}: ${b.tokens.join(' / ')}`;

describe('removal result rows', () => {
  it('are toDelete in a dry run, in the JSON shape of assign rows', () => {
    expect(removalResults([row('0Pa1'), row('0Pa2', 'permissionSetGroup')], undefined, describe_)).to.deep.equal([
      { username: 'u1@x.org', userId: '005000000000001AAA', permissionSet: 'Sales', id: '0Pa1', expirationDate: '2031-01-01T00:00:00.000Z', action: 'toDelete' },
      { username: 'u1@x.org', userId: '005000000000001AAA', permissionSetGroup: 'Support', id: '0Pa2', expirationDate: '2031-01-01T00:00:00.000Z', action: 'toDelete' },
    ]);
  });

  it('are deleted when deleted or already gone, and failed with WRITE_FAILED and the org answer otherwise', () => {
    const outcomes = new Map<string, DeleteOutcome>([
      ['0Pa1', { status: 'deleted' }],
      ['0Pa2', { status: 'alreadyGone' }],
      ['0Pa3', { status: 'failed', errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }],
    ]);
    const rows = removalResults([row('0Pa1'), row('0Pa2'), row('0Pa3'), row('0Pa4')], outcomes, describe_);
    expect(rows.map((r) => [r.action, r.reason, r.message])).to.deep.equal([
      ['deleted', undefined, undefined],
      ['deleted', undefined, undefined],
      ['failed', 'WRITE_FAILED', 'WRITE_FAILED: INSUFFICIENT_ACCESS / no'],
      ['failed', 'WRITE_FAILED', 'WRITE_FAILED: UNKNOWN_ERROR / no answer'],
    ]);
  });

  it("report the running user's kept rows as unchanged with the RUNNING_USER warning", () => {
    expect(keptResults([row('0Pa9')])[0]).to.include({ action: 'unchanged', id: '0Pa9' }).and.have.deep.property('warnings', ['RUNNING_USER']);
  });
});
