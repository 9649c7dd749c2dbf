import { expect } from 'chai';
import { type Blocker, type GroupStatus } from '../../../../src/planning/assignment/types.js';
import {
  type RestoreLicense,
  type RestoreOrgState,
  type RestoreTarget,
  planRestore,
  resolve,
  restoreHolds,
} from '../../../../src/planning/removal/restore-plan.js';
import { type RemovedAssignment, type RemovedLicenseAssignment } from '../../../../src/planning/removal/types.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const uid = (n: number): string => `005${String(n).padStart(15, '0')}`;

const user = (n: number, isActive = true): { id: string; username: string; isActive: boolean } => ({ id: uid(n), username: `u${n}@x.org`, isActive });
const setRow = (n: number, targetId: string, targetName: string, expirationDate: string | null = null): RemovedAssignment => ({
  id: `0Pa${n}`,
  assigneeId: uid(n),
  username: `u${n}@x.org`,
  kind: 'permissionSet',
  targetId,
  targetName,
  expirationDate,
});
const groupRow = (n: number, targetId: string, targetName: string): RemovedAssignment => ({ ...setRow(n, targetId, targetName), kind: 'permissionSetGroup' });
const seatRow = (n: number, licenseId: string, licenseName: string): RemovedLicenseAssignment => ({ id: `2LA${n}`, assigneeId: uid(n), username: `u${n}@x.org`, licenseId, licenseName });

type StateInput = {
  users?: Array<ReturnType<typeof user>>;
  sets?: RestoreTarget[];
  setsByName?: Record<string, RestoreTarget | Blocker>;
  groups?: RestoreTarget[];
  statuses?: Record<string, GroupStatus>;
  licenses?: RestoreLicense[];
  assignments?: string[];
  seats?: string[];
};

function state(input: StateInput): RestoreOrgState {
  const byId = <T extends { id: string }>(rows: T[] = []): Map<string, T> => new Map(rows.map((r) => [r.id, r]));
  return {
    users: byId(input.users),
    permissionSets: { byId: byId(input.sets), byName: new Map(Object.entries(input.setsByName ?? {})) },
    groups: { byId: byId(input.groups), byName: new Map() },
    licenses: { byId: byId(input.licenses), byName: new Map((input.licenses ?? []).map((l) => [l.name.toLowerCase(), l])) },
    groupStatuses: new Map(Object.entries(input.statuses ?? {})),
    assignments: new Set(input.assignments),
    seats: new Set(input.seats),
    now: NOW,
  };
}

const SALES: RestoreTarget = { id: '0PS000000000000001', name: 'Sales', pslIds: [] };
const CRM_SET: RestoreTarget = { id: '0PS000000000000002', name: 'Crm_User', pslIds: ['0PL000000000000001'] };
const TEAM: RestoreTarget = { id: '0PG000000000000001', name: 'Team', pslIds: [] };
const CRM_TEAM: RestoreTarget = { id: '0PG000000000000002', name: 'Crm_Team', pslIds: ['0PL000000000000001'] };
const crm = (total: number, used: number, active = true): RestoreLicense => ({ id: '0PL000000000000001', name: 'Crm', total, used, active });

describe('permset restore planning (removal backups)', () => {
  it('creates what the org lacks and calls present what it holds, seats before assignments', () => {
    const plan = planRestore(
      { assignments: [setRow(1, SALES.id, 'Sales', '2031-01-01T00:00:00.000+0000'), setRow(2, SALES.id, 'Sales'), groupRow(1, TEAM.id, 'Team')], licenseAssignments: [seatRow(1, crm(5, 1).id, 'Crm')] },
      state({ users: [user(1), user(2)], sets: [SALES], groups: [TEAM], statuses: { [TEAM.id]: 'Updated' }, licenses: [crm(5, 1)], assignments: [`${uid(2)}:${SALES.id}`] })
    );
    expect(plan.seats.map((s) => s.action)).to.deep.equal(['create']);
    expect(plan.seats[0].license?.id).to.equal(crm(5, 1).id);
    expect(plan.assignments.map((a) => a.action)).to.deep.equal(['create', 'present', 'create']);
    expect(plan.assignments[2].target?.id).to.equal(TEAM.id);
  });

  it('reports users that are gone or inactive, targets that are gone, and expirations that passed', () => {
    const plan = planRestore(
      {
        assignments: [setRow(1, SALES.id, 'Sales'), setRow(2, SALES.id, 'Sales'), setRow(3, '0PS00000000000GONE', 'Gone'), setRow(4, SALES.id, 'Sales', '2029-12-31T23:59:59.000+0000')],
        licenseAssignments: [seatRow(2, crm(5, 0).id, 'Crm'), seatRow(1, '0PL00000000000GONE', 'Vanished')],
      },
      state({ users: [user(2, false), user(3), user(4)], sets: [SALES], licenses: [crm(5, 0)] })
    );
    expect(plan.assignments.map((a) => [a.action, a.tokens])).to.deep.equal([
      ['userMissing', ['u1@x.org', uid(1)]],
      ['userInactive', ['u2@x.org']],
      ['targetMissing', ['Gone']],
      ['expired', ['2029-12-31T23:59:59.000+0000']],
    ]);
    expect(plan.seats.map((s) => [s.action, s.tokens])).to.deep.equal([
      ['userInactive', ['u2@x.org']],
      ['userMissing', ['u1@x.org', uid(1)]],
    ]);
  });

  it('finds a target by Id first (renamed since), else by name (recreated under a new Id)', () => {
    const renamed: RestoreTarget = { ...SALES, name: 'Sales_Renamed' };
    const recreated: RestoreTarget = { id: '0PS0000000000000NW', name: 'Old', pslIds: [] };
    const plan = planRestore(
      { assignments: [setRow(1, SALES.id, 'Sales'), setRow(1, '0PS0000000000000OL', 'Old'), setRow(1, '0PS0000000000000XX', 'Ambiguous')], licenseAssignments: [] },
      state({
        users: [user(1)],
        sets: [renamed],
        setsByName: { Old: recreated, Ambiguous: { reason: 'AMBIGUOUS_NAME', tokens: ['Ambiguous', 'a__Ambiguous, b__Ambiguous'] } },
      })
    );
    expect(plan.assignments.map((a) => [a.action, a.target?.id, a.target?.name])).to.deep.equal([
      ['create', SALES.id, 'Sales_Renamed'],
      ['create', recreated.id, 'Old'],
      ['targetMissing', undefined, undefined],
    ]);
  });

  it('finds a license by Id, else by DeveloperName, and matches 15-character Ids', () => {
    // The org's reads key both lengths; a 15-character key still finds an 18-character Id.
    const lookup = { byId: new Map([['0PL000000000001', crm(1, 0)]]), byName: new Map([['crm', crm(1, 0)]]) };
    expect(resolve(lookup, '0PL000000000001AAA', 'x')?.name).to.equal('Crm');
    expect(resolve(lookup, '0PL0000000000OTHER', 'CRM')?.name).to.equal('Crm');
    expect(resolve(lookup, '0PL0000000000OTHER', 'Nope')).to.equal(undefined);
  });

  it('counts seats before writing, in backup order: the rows after the last free seat are seatsExhausted', () => {
    const plan = planRestore(
      { assignments: [], licenseAssignments: [seatRow(1, crm(3, 1).id, 'Crm'), seatRow(2, crm(3, 1).id, 'Crm'), seatRow(3, crm(3, 1).id, 'Crm')] },
      state({ users: [user(1), user(2), user(3)], licenses: [crm(3, 1)] })
    );
    expect(plan.seats.map((s) => s.action)).to.deep.equal(['create', 'create', 'seatsExhausted']);
    expect(plan.seats[2].tokens).to.deep.equal(['Crm', '3', '1', 'Active']);
  });

  it('a licensed permission set takes a seat unless its user holds one or gets one back first; a disabled license has none', () => {
    const plan = planRestore(
      { assignments: [setRow(1, CRM_SET.id, 'Crm_User'), setRow(2, CRM_SET.id, 'Crm_User'), setRow(3, CRM_SET.id, 'Crm_User'), setRow(4, CRM_SET.id, 'Crm_User')], licenseAssignments: [seatRow(1, crm(2, 1).id, 'Crm')] },
      state({ users: [user(1), user(2), user(3), user(4)], sets: [CRM_SET], licenses: [crm(2, 1)], seats: [`${uid(4)}:${crm(2, 1).id}`] })
    );
    // u1's seat comes back first (the one free seat), so u1's assignment needs none; u2 finds no seat left; u4 holds one.
    expect(plan.seats.map((s) => s.action)).to.deep.equal(['create']);
    expect(plan.assignments.map((a) => a.action)).to.deep.equal(['create', 'seatsExhausted', 'seatsExhausted', 'create']);

    const disabled = planRestore({ assignments: [], licenseAssignments: [seatRow(1, crm(10, 0).id, 'Crm')] }, state({ users: [user(1)], licenses: [crm(10, 0, false)] }));
    expect(disabled.seats.map((s) => [s.action, s.tokens[3]])).to.deep.equal([['seatsExhausted', 'Disabled']]);
  });

  it('a group needs Updated, and its member sets\' licenses held (now or given back by this backup)', () => {
    const plan = planRestore(
      {
        assignments: [groupRow(1, CRM_TEAM.id, 'Crm_Team'), groupRow(2, CRM_TEAM.id, 'Crm_Team'), groupRow(3, CRM_TEAM.id, 'Crm_Team'), groupRow(4, TEAM.id, 'Team')],
        licenseAssignments: [seatRow(1, crm(1, 0).id, 'Crm'), seatRow(2, crm(1, 0).id, 'Crm')],
      },
      state({ users: [user(1), user(2), user(3), user(4)], groups: [CRM_TEAM, TEAM], statuses: { [CRM_TEAM.id]: 'Updated', [TEAM.id]: 'Updating' }, licenses: [crm(1, 0)], seats: [`${uid(3)}:${crm(1, 0).id}`] })
    );
    expect(plan.seats.map((s) => s.action)).to.deep.equal(['create', 'seatsExhausted']);
    expect(plan.assignments.map((a) => [a.action, a.tokens])).to.deep.equal([
      ['create', []],
      ['licenseNotHeld', ['Crm', 'Crm_Team']],
      ['create', []],
      ['groupNotUpdated', ['Team', 'Updating']],
    ]);
  });

  it('plans a pair the backup lists twice once (a file extended by a rerun), and nothing at all when everything is back', () => {
    const twice = planRestore(
      { assignments: [setRow(1, SALES.id, 'Sales'), { ...setRow(1, SALES.id, 'Sales'), id: '0PaOther' }], licenseAssignments: [seatRow(1, crm(1, 0).id, 'Crm'), { ...seatRow(1, crm(1, 0).id, 'Crm'), id: '2LAOther' }] },
      state({ users: [user(1)], sets: [SALES], licenses: [crm(1, 0)] })
    );
    expect(twice.assignments.map((a) => a.action)).to.deep.equal(['create', 'present']);
    expect(twice.seats.map((s) => s.action)).to.deep.equal(['create', 'present']);

    const back = planRestore(
      { assignments: [setRow(1, SALES.id, 'Sales')], licenseAssignments: [seatRow(1, crm(1, 1).id, 'Crm')] },
      state({ users: [user(1)], sets: [SALES], licenses: [crm(1, 1)], assignments: [`${uid(1)}:${SALES.id}`], seats: [`${uid(1)}:${crm(1, 1).id}`] })
    );
    expect([...back.seats, ...back.assignments].map((s) => s.action)).to.deep.equal(['present', 'present']);
  });

  it('counts created, present and expired rows as restored, the reasons as not', () => {
    expect(['create', 'created', 'toCreate', 'present', 'expired'].every(restoreHolds)).to.equal(true);
    expect(['userMissing', 'userInactive', 'targetMissing', 'seatsExhausted', 'groupNotUpdated', 'licenseMissing', 'licenseNotHeld', 'failed'].some(restoreHolds)).to.equal(false);
  });
});
