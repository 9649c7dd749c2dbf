import { expect } from 'chai';
import { assignmentRowNeeds, assignNeeds, missingPermissions, PREFLIGHT_FIELDS, setupWriteNeeds } from '../../../src/planning/preflight/permissions.js';

describe('preflight: which of the running user\'s permissions a run needs, and which are missing', () => {
  it('assign needs Assign Permission Sets, and Manage Users only when a group may need permission set license seats', () => {
    expect(assignNeeds({ pslSeatsPossible: false })).to.deep.equal(['PermissionsAssignPermissionSets']);
    expect(assignNeeds({ pslSeatsPossible: true })).to.deep.equal(['PermissionsAssignPermissionSets', 'PermissionsManageUsers']);
  });

  it('retire and restore need Assign Permission Sets for assignments and Manage Profiles and Permission Sets for setup writes', () => {
    expect(setupWriteNeeds({ assignments: true, setup: true })).to.deep.equal(['PermissionsAssignPermissionSets', 'PermissionsManageProfilesPermissionsets']);
    expect(setupWriteNeeds({ assignments: false, setup: true })).to.deep.equal(['PermissionsManageProfilesPermissionsets']);
    expect(setupWriteNeeds({ assignments: false, setup: false })).to.deep.equal([]);
  });

  it('writing assignment rows (unassign, reclaim, restore) needs Assign Permission Sets for assignments and Manage Users for seats, each only when written', () => {
    expect(assignmentRowNeeds({ assignments: true, seats: true })).to.deep.equal(['PermissionsAssignPermissionSets', 'PermissionsManageUsers']);
    expect(assignmentRowNeeds({ assignments: false, seats: true })).to.deep.equal(['PermissionsManageUsers']);
    expect(assignmentRowNeeds({ assignments: true, seats: false })).to.deep.equal(['PermissionsAssignPermissionSets']);
    expect(assignmentRowNeeds({ assignments: false, seats: false })).to.deep.equal([]);
  });

  it('a permission is missing unless the UserPermissionAccess row says true; no row means nothing held', () => {
    const required = setupWriteNeeds({ assignments: true, setup: true });
    expect(missingPermissions({ PermissionsAssignPermissionSets: true, PermissionsManageProfilesPermissionsets: false }, required)).to.deep.equal(['PermissionsManageProfilesPermissionsets']);
    expect(missingPermissions({ PermissionsAssignPermissionSets: 'true', PermissionsManageProfilesPermissionsets: true }, required)).to.deep.equal(['PermissionsAssignPermissionSets']);
    expect(missingPermissions(undefined, ['PermissionsManageUsers', 'PermissionsManageUsers'])).to.deep.equal(['PermissionsManageUsers']);
    expect(missingPermissions(Object.fromEntries(PREFLIGHT_FIELDS.map((f) => [f, true])), required)).to.deep.equal([]);
  });
});
