import { expect } from 'chai';
import { type AssignmentStep, type RestorePlan, type SeatStep } from '../../../src/planning/removal/restore-plan.js';
import { buildResult, type Outcomes } from '../../../src/services/restore/restore-results.js';

const user = { id: '005000000000000001', username: 'u1@x.org', isActive: true };
const seat = (action: SeatStep['action']): SeatStep => ({
  row: { id: '2LA1', assigneeId: user.id, username: user.username, licenseId: '0PL000000000000001', licenseName: 'Crm' },
  action,
  tokens: action === 'seatsExhausted' ? ['Crm', '1', '1', 'Active'] : [],
  user,
  license: { id: '0PL000000000000001', name: 'Crm', total: 1, used: 1, active: true },
});
const assignment = (action: AssignmentStep['action'], kind: 'permissionSet' | 'permissionSetGroup' = 'permissionSet'): AssignmentStep => ({
  row: { id: '0Pa1', assigneeId: user.id, username: user.username, kind, targetId: '0PS000000000000001', targetName: 'Old_Name', expirationDate: null },
  action,
  tokens: action === 'targetMissing' ? ['Old_Name'] : [],
  user,
  ...(action === 'targetMissing' ? {} : { target: { id: '0PS000000000000009', name: 'Sales', pslIds: [] } }),
});
const describe_ = (action: string, tokens: string[]): string => `${action}: ${tokens.join(' ')}`;
const head = (dryRun = false) => ({ operation: 'unassign' as const, backupFile: '/b.json', dryRun, requests: { reads: 3, writes: 1, retries: 0 } });
const none: Outcomes = { seats: new Map(), assignments: new Map() };

describe('permset restore results', () => {
  it('reports a create as created with its new Id, a resent one (DUPLICATE_VALUE) as created without, a refusal as failed with its code', () => {
    const plan: RestorePlan = { seats: [seat('create')], assignments: [assignment('create'), assignment('create', 'permissionSetGroup')] };
    const outcomes: Outcomes = {
      seats: new Map([[plan.seats[0], { index: 0, success: true, alreadyDone: true }]]),
      assignments: new Map([
        [plan.assignments[0], { index: 0, success: true, id: '0Pa000000000000NEW' }],
        [plan.assignments[1], { index: 1, success: false, errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'nope' }],
      ]),
    };
    const result = buildResult(head(), plan, outcomes, describe_);
    expect(result.licenseAssignments).to.deep.equal([{ username: 'u1@x.org', userId: user.id, license: 'Crm', licenseId: '0PL000000000000001', action: 'created' }]);
    expect(result.assignments.map((a) => [a.permissionSet ?? a.permissionSetGroup, a.targetId, a.action, a.id, a.message])).to.deep.equal([
      ['Sales', '0PS000000000000009', 'created', '0Pa000000000000NEW', undefined],
      ['Sales', '0PS000000000000009', 'failed', undefined, 'failed: FIELD_INTEGRITY_EXCEPTION nope'],
    ]);
    expect(result.assignments[1]).to.have.property('permissionSetGroup');
    expect(result.status).to.equal('partial');
    expect(result.summary).to.deep.include({ total: 3, created: 2, failed: 1, notRestored: 0 });
  });

  it('names a missing target as the backup did and explains every row that is not created or present', () => {
    const result = buildResult(head(), { seats: [seat('seatsExhausted')], assignments: [assignment('targetMissing'), assignment('present')] }, none, describe_);
    expect(result.assignments[0]).to.include({ permissionSet: 'Old_Name', targetId: null, action: 'targetMissing', message: 'targetMissing: Old_Name' });
    expect(result.assignments[1]).to.not.have.property('message');
    expect(result.licenseAssignments[0].message).to.equal('seatsExhausted: Crm 1 1 Active');
    expect(result.summary).to.deep.include({ present: 1, notRestored: 2 });
    expect(result.status).to.equal('partial');
  });

  it('restored when every row is back, present or expired; failed when none is; a dry run shows toCreate', () => {
    expect(buildResult(head(), { seats: [seat('present')], assignments: [assignment('expired')] }, none, describe_).status).to.equal('restored');
    expect(buildResult(head(), { seats: [seat('seatsExhausted')], assignments: [assignment('userInactive')] }, none, describe_).status).to.equal('failed');
    const dry = buildResult(head(true), { seats: [seat('create')], assignments: [assignment('create')] }, none, describe_);
    expect([...dry.licenseAssignments, ...dry.assignments].map((r) => r.action)).to.deep.equal(['toCreate', 'toCreate']);
    expect(dry.summary).to.deep.include({ dryRun: true, toCreate: 2, created: 0 });
    expect(dry.status).to.equal('restored');
  });
});
