import { type Severity } from '../findings.js';

/**
 * Every rule's stable id and default severity. `scope` says where it can run: `source` needs files (line numbers,
 * stray files, duplicate definitions), `any` runs on a model read from source or from an org, `org` needs org
 * facts (assignments, licenses in use, status times). mute-mutes-nothing and high-risk-permission read the
 * shared access model (src/planning/access) through src/planning/audit/grants.ts.
 */
export type RuleInfo = { id: string; severity: Severity; scope: 'source' | 'any' | 'org' };

export const RULES: readonly RuleInfo[] = [
  { id: 'group-empty', severity: 'error', scope: 'any' },
  { id: 'group-duplicate-member', severity: 'error', scope: 'source' },
  { id: 'missing-label', severity: 'error', scope: 'any' },
  { id: 'invalid-status', severity: 'error', scope: 'source' },
  { id: 'unparsable-file', severity: 'error', scope: 'source' },
  { id: 'description-too-long', severity: 'error', scope: 'any' },
  { id: 'description-long', severity: 'warning', scope: 'any' },
  { id: 'group-naming', severity: 'warning', scope: 'any' },
  { id: 'mute-naming', severity: 'warning', scope: 'any' },
  { id: 'missing-member', severity: 'error', scope: 'source' },
  { id: 'missing-mute', severity: 'error', scope: 'source' },
  { id: 'external-reference', severity: 'info', scope: 'source' },
  { id: 'near-clone', severity: 'warning', scope: 'any' },
  { id: 'no-groups', severity: 'info', scope: 'any' },
  { id: 'orphan-mute', severity: 'warning', scope: 'any' },
  { id: 'mute-limit', severity: 'error', scope: 'any' },
  { id: 'member-limit', severity: 'error', scope: 'any' },
  { id: 'license-conflict', severity: 'error', scope: 'any' },
  { id: 'license-mix', severity: 'info', scope: 'any' },
  { id: 'duplicate-component', severity: 'error', scope: 'source' },
  { id: 'stray-file', severity: 'warning', scope: 'source' },
  { id: 'set-in-no-group', severity: 'info', scope: 'any' },
  { id: 'shared-set', severity: 'info', scope: 'any' },
  { id: 'mute-mutes-nothing', severity: 'warning', scope: 'any' },
  { id: 'high-risk-permission', severity: 'warning', scope: 'any' },
  { id: 'group-failed', severity: 'error', scope: 'org' },
  { id: 'group-stuck', severity: 'error', scope: 'org' },
  { id: 'group-outdated', severity: 'warning', scope: 'org' },
  { id: 'group-unassigned', severity: 'info', scope: 'org' },
  { id: 'set-unassigned', severity: 'info', scope: 'org' },
  { id: 'mute-ineffective', severity: 'warning', scope: 'org' },
  { id: 'psl-exhausted', severity: 'error', scope: 'org' },
  { id: 'psl-near-exhaustion', severity: 'warning', scope: 'org' },
  { id: 'psl-seats-wasted', severity: 'warning', scope: 'org' },
  { id: 'assigned-to-inactive', severity: 'info', scope: 'org' },
  { id: 'expiring-soon', severity: 'info', scope: 'org' },
  { id: 'redundant-assignment', severity: 'info', scope: 'org' },
  { id: 'session-based-assigned', severity: 'info', scope: 'org' },
  { id: 'drift', severity: 'warning', scope: 'org' },
];

export function ruleInfo(id: string): RuleInfo | undefined {
  return RULES.find((r) => r.id === id);
}
