import { type SubjectType } from './model.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * What a rule reports, before its text is rendered: the rule's message (messages/psg.audit.md,
 * `rule.<id>.message`, or `rule.<id>.message.<variant>`) is filled with `tokens` outside planning.
 */
export type RuleFinding = {
  rule: string;
  severity: Severity;
  component: string;
  componentType: SubjectType;
  file?: string;
  line?: number;
  tokens: string[];
  variant?: string;
  /** Usernames behind an org finding (up to 10 named); source rules leave it out. */
  users?: string[];
  /** What makes the finding the same finding across runs when lines move (SARIF partialFingerprints). */
  key: string;
};

/** A rule's output before the engine gives it its severity (the default one, or the one the settings choose). */
export type Draft = Omit<RuleFinding, 'severity' | 'rule' | 'key'> & { key?: string };

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** Worst first, then by file and line, then rule and component: a stable order for tables and files. */
export function compareFindings(a: RuleFinding, b: RuleFinding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.rule.localeCompare(b.rule) ||
    a.component.localeCompare(b.component)
  );
}
