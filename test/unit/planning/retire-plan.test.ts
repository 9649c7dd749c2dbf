import { expect } from 'chai';
import { mergeSnapshots, showsEarlierWork } from '../../../src/planning/retire/merge.js';
import { planRetirement, type RetireState } from '../../../src/planning/retire/retire-plan.js';
import { type GroupState, type RetireSnapshot } from '../../../src/planning/retire/types.js';

const set = (overrides: Partial<RetireSnapshot> = {}): RetireSnapshot => ({
  target: { kind: 'permissionSet', id: '0PS000000000001AAA', name: 'Legacy' },
  permissionSet: { record: { Id: '0PS000000000001AAA', Name: 'Legacy', Label: 'Legacy' }, objectPermissions: [], fieldPermissions: [], setupEntityAccess: [] },
  memberships: [
    { groupId: '0PG1', groupName: 'G1', componentId: '0PH1' },
    { groupId: '0PG2', groupName: 'G2', componentId: '0PH2' },
  ],
  assignments: [
    { id: '0Pa1', assigneeId: '0051', username: 'a@x', expirationDate: null },
    { id: '0Pa2', assigneeId: '0052', username: 'b@x', expirationDate: '2031-01-01T00:00:00.000Z' },
  ],
  ...overrides,
});
const groups = (...states: GroupState[]): Map<string, GroupState> => new Map(states.map((g) => [g.id, g]));
const g1: GroupState = { id: '0PG1', name: 'G1', status: 'Updated' };
const g2: GroupState = { id: '0PG2', name: 'G2', status: 'Outdated' };
const state = (overrides: Partial<RetireState>): RetireState => ({ current: set(), prior: null, groups: groups(g1, g2), ...overrides });
const options = { removeAssignments: true, deleteMuting: false };

describe('planRetirement', () => {
  it('detaches every component, waits for every group, removes the assignments and deletes the set', () => {
    const plan = planRetirement(state({}), options);
    expect(plan.outcome).to.equal('proceed');
    expect(plan.detach).to.deep.equal(['0PH1', '0PH2']);
    expect(plan.waitFor.map((g) => g.id)).to.deep.equal(['0PG1', '0PG2']);
    expect(plan.unassign).to.deep.equal(['0Pa1', '0Pa2']);
    expect(plan.deleteId).to.equal('0PS000000000001AAA');
    expect(plan.resumed).to.equal(false);
  });

  it('refuses an assigned set without --remove-assignments, naming the count and the first users', () => {
    const plan = planRetirement(state({}), { ...options, removeAssignments: false });
    expect(plan.outcome).to.equal('refused');
    expect(plan.refusal).to.deep.equal({ reason: 'ASSIGNED', count: 2, firstUsers: ['a@x', 'b@x'] });
    expect(plan.detach).to.deep.equal([]);
    expect(plan.deleteId).to.equal(null);
  });

  it('names at most five users in a refusal', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: `0Pa${i}`, assigneeId: `005${i}`, username: `u${i}@x`, expirationDate: null }));
    const plan = planRetirement(state({ current: set({ assignments: many }) }), { ...options, removeAssignments: false });
    expect(plan.refusal?.count).to.equal(8);
    expect(plan.refusal?.firstUsers).to.have.length(5);
  });

  it('does not refuse an unassigned set without --remove-assignments', () => {
    const plan = planRetirement(state({ current: set({ assignments: [] }) }), { ...options, removeAssignments: false });
    expect(plan.outcome).to.equal('proceed');
  });

  it('says already retired when the set is gone and an earlier backup exists, and not found without one', () => {
    expect(planRetirement(state({ current: null, prior: set() }), options).outcome).to.equal('alreadyRetired');
    expect(planRetirement(state({ current: null, prior: null }), options).outcome).to.equal('notFound');
  });

  it('resumes after a detach: waits for the groups the backup names and keeps them in the new backup', () => {
    const detached = set({ memberships: [] });
    const plan = planRetirement(state({ current: detached, prior: set() }), options);
    expect(plan.resumed).to.equal(true);
    expect(plan.detach).to.deep.equal([]);
    expect(plan.waitFor.map((g) => g.id)).to.deep.equal(['0PG1', '0PG2']);
    expect(plan.backup?.memberships.map((m) => m.groupName)).to.deep.equal(['G1', 'G2']);
  });

  it('does not wait for a group that no longer exists', () => {
    const plan = planRetirement(state({ current: set({ memberships: [] }), prior: set(), groups: groups(g1) }), options);
    expect(plan.waitFor.map((g) => g.id)).to.deep.equal(['0PG1']);
  });

  it('keeps assignments an earlier run removed in the merged backup, and adds new ones', () => {
    const now = set({ memberships: [], assignments: [{ id: '0Pa9', assigneeId: '0059', username: 'new@x', expirationDate: null }] });
    const plan = planRetirement(state({ current: now, prior: set() }), options);
    expect(plan.backup?.assignments.map((a) => a.username)).to.deep.equal(['a@x', 'b@x', 'new@x']);
    expect(plan.unassign).to.deep.equal(['0Pa9']);
  });

  describe('a group retirement', () => {
    const group = (mutingId?: string): RetireSnapshot => ({
      target: { kind: 'group', id: '0PG7', name: 'Team' },
      group: {
        record: { Id: '0PG7', DeveloperName: 'Team', MasterLabel: 'Team' },
        members: [{ permissionSetId: '0PS1', name: 'A', muting: false }, ...(mutingId ? [{ permissionSetId: mutingId, name: 'Mute', muting: true }] : [])],
        mutingPermissionSet: mutingId ? { Id: mutingId, DeveloperName: 'Mute' } : null,
      },
      memberships: [],
      assignments: [],
    });

    it('deletes the group and, with --delete-muting, its muting set when no other group uses it', () => {
      const plan = planRetirement({ current: group('0QM1'), prior: null, groups: new Map(), mutingUsedElsewhere: 0 }, { ...options, deleteMuting: true });
      expect(plan.deleteId).to.equal('0PG7');
      expect(plan.deleteMutingId).to.equal('0QM1');
      expect(plan.detach).to.deep.equal([]);
    });

    it('keeps a muting set another group uses, and says so', () => {
      const plan = planRetirement({ current: group('0QM1'), prior: null, groups: new Map(), mutingUsedElsewhere: 1 }, { ...options, deleteMuting: true });
      expect(plan.deleteMutingId).to.equal(null);
      expect(plan.mutingKept).to.equal('USED_ELSEWHERE');
    });

    it('finishes a muting deletion an interrupted run left behind', () => {
      const plan = planRetirement({ current: null, prior: group('0QM1'), groups: new Map(), leftoverMutingId: '0QM1' }, { ...options, deleteMuting: true });
      expect(plan.outcome).to.equal('alreadyRetired');
      expect(plan.deleteMutingId).to.equal('0QM1');
    });
  });
});

describe('mergeSnapshots / showsEarlierWork', () => {
  it('returns the current state when there is no earlier backup, and sees no earlier work', () => {
    expect(mergeSnapshots(null, set())).to.deep.equal(set());
    expect(showsEarlierWork(null, set())).to.equal(false);
  });

  it('sees earlier work when the backup lists a membership the org no longer shows', () => {
    expect(showsEarlierWork(set(), set({ memberships: [set().memberships[0]] }))).to.equal(true);
    expect(showsEarlierWork(set(), set())).to.equal(false);
  });

  it('keeps the earlier backup\'s content of the permission set', () => {
    const prior = set();
    prior.permissionSet!.objectPermissions.push({ SobjectType: 'Account' });
    expect(mergeSnapshots(prior, set())?.permissionSet?.objectPermissions).to.have.length(1);
  });
});
