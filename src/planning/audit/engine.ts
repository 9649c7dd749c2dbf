import { buildCatalog } from './catalog.js';
import { compareFindings, type RuleFinding, type Severity, severityRank } from './findings.js';
import { type AuditModel } from './model.js';
import { CHECKS } from './rules/index.js';
import { RULES, type RuleInfo } from './rules/catalogue.js';
import { type AuditSettings } from './settings.js';

export type AuditSummary = {
  errors: number;
  warnings: number;
  infos: number;
  groups: number;
  sets: number;
  mutes: number;
  /** Sets no group lists, and sets listed by two groups or more (reuse): the counts behind those two info rules. */
  setsInNoGroup: number;
  sharedSets: number;
  /** Findings per rule id (rules turned off are absent). */
  byRule: Record<string, number>;
};

export type AuditOutcome = { summary: AuditSummary; findings: RuleFinding[] };

type Scope = RuleInfo['scope'];

/**
 * The rules that run on a model of this origin (or only those of `scopes`: `permset health` runs the org rules
 * alone), with the level the settings give them ('off' ones left out).
 */
export function activeRules(origin: AuditModel['origin'], settings: AuditSettings, scopes: readonly Scope[] = ['any', origin]): Array<RuleInfo & { level: Severity }> {
  return RULES.filter((r) => scopes.includes(r.scope) && (r.scope === 'any' || r.scope === origin)).flatMap((r) => {
    const level = settings.rules[r.id] ?? r.severity;
    return level === 'off' ? [] : [{ ...r, level }];
  });
}

/** Runs every active rule over the model: findings worst first, and the summary. */
export function runAudit(model: AuditModel, settings: AuditSettings, scopes?: readonly Scope[]): AuditOutcome {
  const catalog = buildCatalog(model);
  const findings: RuleFinding[] = [];
  for (const rule of activeRules(model.origin, settings, scopes)) {
    for (const draft of CHECKS[rule.id](catalog, settings)) {
      findings.push({ ...draft, rule: rule.id, severity: rule.level, key: draft.key ?? draft.component });
    }
  }
  findings.sort(compareFindings);
  // Counted whatever the rules' levels: the summary tells reuse even when the info findings are turned off.
  const count = (rule: string): number => CHECKS[rule](catalog, settings).length;
  const byRule: Record<string, number> = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      groups: catalog.groupsByName.size,
      sets: catalog.setsByName.size,
      mutes: catalog.mutesByName.size,
      setsInNoGroup: count('set-in-no-group'),
      sharedSets: count('shared-set'),
      byRule,
    },
  };
}

export type FailOn = Severity | 'never';

/** --fail-on: true when a finding at or above the given severity exists. */
export function failsGate(findings: Array<{ severity: Severity }>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return gated(findings, failOn).length > 0;
}

/** The findings at or above --fail-on. */
export function gated<T extends { severity: Severity }>(findings: T[], failOn: FailOn): T[] {
  return failOn === 'never' ? [] : findings.filter((f) => severityRank(f.severity) <= severityRank(failOn));
}
