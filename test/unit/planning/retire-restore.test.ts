import { expect } from 'chai';
import { insertableFields, missingPermissionRows, planAssignments, planMemberships } from '../../../src/planning/retire/restore-plan.js';

describe('restore planning', () => {
  it('adds only the permission rows the set lacks, under the new parent, without Ids', () => {
    const backup = [
      { Id: '110a', ParentId: 'old', SobjectType: 'Account', PermissionsRead: true },
      { Id: '110b', ParentId: 'old', SobjectType: 'Case', PermissionsRead: true },
    ];
    const rows = missingPermissionRows('ObjectPermissions', backup, [{ Id: '110z', SobjectType: 'account' }], 'new');
    expect(rows).to.deep.equal([{ SobjectType: 'Case', PermissionsRead: true, ParentId: 'new' }]);
  });

  it('keys field permissions by Field and setup entity access by SetupEntityId', () => {
    const fields = missingPermissionRows('FieldPermissions', [{ Field: 'Account.Rating', SobjectType: 'Account' }, { Field: 'Account.Name', SobjectType: 'Account' }], [{ Field: 'Account.Name' }], 'p');
    expect(fields.map((r) => r.Field)).to.deep.equal(['Account.Rating']);
    const access = missingPermissionRows('SetupEntityAccess', [{ SetupEntityId: '01p1' }], [{ SetupEntityId: '01p1' }], 'p');
    expect(access).to.deep.equal([]);
  });

  it('finds a group by Id, else by name, and reports one that exists under neither', () => {
    const steps = planMemberships(
      [
        { groupId: '0PG1', groupName: 'G1' },
        { groupId: '0PGold', groupName: 'G2' },
        { groupId: '0PG3', groupName: 'Gone' },
      ],
      new Map([
        ['0PG1', '0PG1'],
        ['g2', '0PG2'],
      ]),
      new Set(['0PG1'])
    );
    expect(steps.map((s) => [s.groupId, s.action])).to.deep.equal([
      ['0PG1', 'present'],
      ['0PG2', 'create'],
      [null, 'groupMissing'],
    ]);
  });

  it('recreates assignments with expiration, skipping present, expired, missing and inactive users', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const a = (assigneeId: string, expirationDate: string | null = null) => ({ id: `0Pa${assigneeId}`, assigneeId, username: `${assigneeId}@x`, expirationDate });
    const steps = planAssignments(
      [a('1'), a('2', '2031-01-01T00:00:00Z'), a('3', '2029-01-01T00:00:00Z'), a('4'), a('5')],
      new Map([
        ['1', { isActive: true }],
        ['2', { isActive: true }],
        ['3', { isActive: true }],
        ['5', { isActive: false }],
      ]),
      new Set(['1']),
      now
    );
    expect(steps.map((s) => s.action)).to.deep.equal(['present', 'create', 'expired', 'userMissing', 'userInactive']);
  });

  it('sends only createable fields that hold a value', () => {
    expect(insertableFields({ Id: 'x', Name: 'N', Label: 'L', Description: null, Type: 'Regular' }, new Set(['Name', 'Label', 'Description']))).to.deep.equal({ Name: 'N', Label: 'L' });
  });
});
