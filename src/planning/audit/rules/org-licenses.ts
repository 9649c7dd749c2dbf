import { distinctNames } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type LicenseBudget } from '../model.js';
import { type RuleCheck } from './types.js';

/** A finding on a permission set license (no file: SARIF gives it a logical location). */
function onLicense(l: LicenseBudget, tokens: string[]): Draft {
  return { component: l.name, componentType: 'PermissionSetLicense', tokens };
}

const percent = (l: LicenseBudget): string => (l.percentUsed === null ? '-' : String(l.percentUsed));

/** The states come from the psl report's budget code (src/planning/psl/budget.ts), with the audit's threshold. */
export const pslExhausted: RuleCheck = ({ model }) =>
  (model.org?.licenses ?? []).filter((l) => l.states.includes('EXHAUSTED')).map((l) => onLicense(l, [l.label, String(l.usedLicenses), String(l.totalLicenses)]));

export const pslNearExhaustion: RuleCheck = ({ model }, settings) =>
  (model.org?.licenses ?? []).filter((l) => l.states.includes('NEAR')).map((l) => onLicense(l, [l.label, percent(l), String(l.usedLicenses), String(l.totalLicenses), String(settings.pslThreshold)]));

export const pslSeatsWasted: RuleCheck = ({ model }) =>
  (model.org?.licenses ?? [])
    .filter((l) => l.inactiveHolders + l.unusedHolders > 0)
    .map((l) => onLicense(l, [l.label, String(l.inactiveHolders + l.unusedHolders), String(l.inactiveHolders), String(l.unusedHolders)]));

/** With --source-dir: a group of both sides whose members or mute differ. */
export const drift: RuleCheck = ({ model }) => {
  const source = new Map((model.org?.sourceGroups ?? []).map((g) => [g.name.toLowerCase(), g]));
  return model.groups.flatMap((org): Draft[] => {
    const src = source.get(org.name.toLowerCase());
    if (!src) return [];
    const parts = [...differ('members', distinctNames(src.members), distinctNames(org.members)), ...differ('mute', distinctNames(src.mutes), distinctNames(org.mutes))];
    if (parts.length === 0) return [];
    return [{ component: org.name, componentType: 'PermissionSetGroup', tokens: [org.name, parts.join('; ')] }];
  });
};

/** "members only in source: A; only in org: B", case-insensitively (the org answers names as it stores them). */
function differ(what: string, source: string[], org: string[]): string[] {
  const lower = (names: string[]): Set<string> => new Set(names.map((n) => n.toLowerCase()));
  const inOrg = lower(org);
  const inSource = lower(source);
  const onlySource = source.filter((n) => !inOrg.has(n.toLowerCase()));
  const onlyOrg = org.filter((n) => !inSource.has(n.toLowerCase()));
  const out: string[] = [];
  if (onlySource.length > 0) out.push(`${what} only in source: ${onlySource.join(', ')}`);
  if (onlyOrg.length > 0) out.push(`${what} only in org: ${onlyOrg.join(', ')}`);
  return out;
}
