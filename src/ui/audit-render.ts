import { type RuleFinding, type Severity } from '../planning/audit/findings.js';
import { type SubjectType } from '../planning/audit/model.js';

/** A finding as users read it (--json, files, tables): the rule's message and fix rendered from messages/. */
export type AuditFinding = {
  rule: string;
  severity: Severity;
  component: string;
  componentType: SubjectType;
  file?: string;
  line?: number;
  message: string;
  fix: string;
  users?: string[];
  /** Stable across runs (rule, file, component and what the rule names; no line): SARIF's partialFingerprints. */
  fingerprint: string;
};

/** Looks a message up in messages/psg.audit.md and fills its tokens. */
export type TextLookup = (key: string, tokens?: string[]) => string;

export function renderFindings(findings: RuleFinding[], text: TextLookup): AuditFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    component: f.component,
    componentType: f.componentType,
    ...(f.file === undefined ? {} : { file: f.file }),
    ...(f.line === undefined ? {} : { line: f.line }),
    message: text(f.variant ? `rule.${f.rule}.message.${f.variant}` : `rule.${f.rule}.message`, f.tokens),
    fix: text(`rule.${f.rule}.fix`),
    ...(f.users ? { users: f.users } : {}),
    fingerprint: `${f.rule}:${f.componentType}:${f.file ?? ''}:${f.key}`,
  }));
}

/** file:line for source findings, the component name otherwise. */
export function whereOf(f: AuditFinding): string {
  if (!f.file) return f.component;
  return f.line ? `${f.file}:${f.line}` : f.file;
}
