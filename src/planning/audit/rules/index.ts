import * as a from './access.js';
import * as c from './composition.js';
import * as f from './files.js';
import * as l from './licenses.js';
import * as oa from './org-assignments.js';
import * as ol from './org-licenses.js';
import * as os from './org-status.js';
import * as r from './references.js';
import { nearClone } from './similarity.js';
import { type RuleCheck } from './types.js';

/** Each rule id of the catalogue and the function that checks it. */
export const CHECKS: Record<string, RuleCheck> = {
  'group-empty': c.groupEmpty,
  'group-duplicate-member': c.groupDuplicateMember,
  'missing-label': c.missingLabel,
  'invalid-status': c.invalidStatus,
  'unparsable-file': f.unparsableFile,
  'description-too-long': c.descriptionTooLong,
  'description-long': c.descriptionLong,
  'group-naming': c.groupNaming,
  'mute-naming': c.muteNaming,
  'missing-member': r.missingMember,
  'missing-mute': r.missingMute,
  'external-reference': r.externalReference,
  'near-clone': nearClone,
  'no-groups': r.noGroups,
  'orphan-mute': r.orphanMute,
  'mute-limit': c.muteLimit,
  'member-limit': c.memberLimit,
  'license-conflict': l.licenseConflict,
  'license-mix': l.licenseMix,
  'duplicate-component': f.duplicateComponent,
  'stray-file': f.strayFile,
  'set-in-no-group': r.setInNoGroup,
  'shared-set': r.sharedSet,
  'mute-mutes-nothing': a.muteMutesNothing,
  'high-risk-permission': a.highRiskPermission,
  'group-failed': os.groupFailed,
  'group-stuck': os.groupStuck,
  'group-outdated': os.groupOutdated,
  'group-unassigned': oa.groupUnassigned,
  'set-unassigned': oa.setUnassigned,
  'mute-ineffective': oa.muteIneffective,
  'psl-exhausted': ol.pslExhausted,
  'psl-near-exhaustion': ol.pslNearExhaustion,
  'psl-seats-wasted': ol.pslSeatsWasted,
  'assigned-to-inactive': oa.assignedToInactive,
  'expiring-soon': oa.expiringSoon,
  'redundant-assignment': oa.redundantAssignment,
  'session-based-assigned': oa.sessionBasedAssigned,
  drift: ol.drift,
};
