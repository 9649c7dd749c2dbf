import { type Severity } from '../planning/audit/findings.js';
import { type AuditFinding, type TextLookup, whereOf } from './audit-render.js';

export type FindingRow = Record<string, string>;

/** One table per severity, worst first, with the columns rule, component, where (file:line), message. */
export function severityTables(findings: AuditFinding[], text: TextLookup): Array<{ title: string; data: FindingRow[] }> {
  const severities: Severity[] = ['error', 'warning', 'info'];
  return severities.flatMap((severity) => {
    const rows = findings
      .filter((f) => f.severity === severity)
      .map((f) => ({
        [text('column.rule')]: f.rule,
        [text('column.component')]: f.component,
        [text('column.where')]: whereOf(f),
        [text('column.message')]: f.message,
      }));
    return rows.length > 0 ? [{ title: text(`info.Title.${severity}`), data: rows }] : [];
  });
}
