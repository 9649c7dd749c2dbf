import { SeedBuilder } from '../../support/seed-builder.js';
import { type Seed } from '../seeds/load.js';

/** A small org exercising every rule: licenses, PSLs, groups in each state, a muting set, an admin-grade set. */
export function rulesSeed(): Seed {
  return new SeedBuilder()
    .user('u1')
    .user('u2', { ProfileId: 'ref:prof-platform' })
    .user('u3')
    .user('inactive1', { IsActive: false })
    .psl('PslOne', 2)
    .psl('PslTwo', 5)
    .permissionSet('Sales')
    .permissionSet('Service')
    .permissionSet('SfOnly', { LicenseId: 'ref:lic-sf' })
    .permissionSet('PslSet', { LicenseId: 'ref:PslOne' })
    .permissionSet('GroupPslSet', { LicenseId: 'ref:PslTwo' })
    .permissionSet('AdminPs', { PermissionsAssignPermissionSets: true })
    .add('MutingPermissionSet', { ref: 'Mute1', DeveloperName: 'Mute1', MasterLabel: 'Mute 1' })
    .group('G1', ['Sales'])
    .group('GPsl', ['GroupPslSet'])
    .group('GOut', ['Service'], { __status: 'Outdated' })
    .group('GFail', ['Service'], { __failRecalc: true })
    .group('GEmpty', [])
    .assign('u3', 'Sales')
    .build();
}
