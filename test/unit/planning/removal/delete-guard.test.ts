import { expect } from 'chai';
import { guardDeletes } from '../../../../src/planning/removal/delete-guard.js';
import { mergeRemovals, type RemovedAssignment } from '../../../../src/planning/removal/types.js';

describe('delete guard', () => {
  const base = { maxDeletes: 50, noPrompt: false, interactive: false };

  it('lets up to --max-deletes rows through without asking', () => {
    expect(guardDeletes({ ...base, deletes: 0 })).to.deep.equal({ verdict: 'proceed' });
    expect(guardDeletes({ ...base, deletes: 50 })).to.deep.equal({ verdict: 'proceed' });
    expect(guardDeletes({ ...base, deletes: 0, maxDeletes: 0 })).to.deep.equal({ verdict: 'proceed' });
  });

  it('refuses more rows where nobody can answer, asks where somebody can, and --no-prompt allows them', () => {
    expect(guardDeletes({ ...base, deletes: 51 })).to.deep.equal({ verdict: 'refuse', why: 'overMax' });
    expect(guardDeletes({ ...base, deletes: 51, interactive: true })).to.deep.equal({ verdict: 'confirm', why: 'overMax' });
    expect(guardDeletes({ ...base, deletes: 51, noPrompt: true })).to.deep.equal({ verdict: 'proceed' });
    expect(guardDeletes({ ...base, deletes: 1, maxDeletes: 0 })).to.deep.equal({ verdict: 'refuse', why: 'overMax' });
  });

  it('makes deletes of unnamed targets (--sync-scope all) ask or need --no-prompt, however few', () => {
    expect(guardDeletes({ ...base, deletes: 1, unnamed: true })).to.deep.equal({ verdict: 'refuse', why: 'unnamed' });
    expect(guardDeletes({ ...base, deletes: 1, unnamed: true, interactive: true })).to.deep.equal({ verdict: 'confirm', why: 'unnamed' });
    expect(guardDeletes({ ...base, deletes: 1000, unnamed: true, noPrompt: true })).to.deep.equal({ verdict: 'proceed' });
    expect(guardDeletes({ ...base, deletes: 0, unnamed: true })).to.deep.equal({ verdict: 'proceed' });
  });
});

describe('mergeRemovals', () => {
  const row = (id: string): RemovedAssignment => ({
    id,
    assigneeId: '005000000000001AAA',
    username: 'u@x',
    kind: 'permissionSet',
    targetId: '0PS000000000001AAA',
    targetName: 'Sales',
    expirationDate: null,
  });

  it('keeps every row of both runs once, the earlier run first', () => {
    const merged = mergeRemovals({ assignments: [row('0Pa1'), row('0Pa2')], licenseAssignments: [] }, { assignments: [row('0Pa2'), row('0Pa3')], licenseAssignments: [] });
    expect(merged.assignments.map((a) => a.id)).to.deep.equal(['0Pa1', '0Pa2', '0Pa3']);
  });
});
