import { stringify } from 'csv-stringify/sync';
import { type AuditFinding } from './audit-render.js';

const COLUMNS = ['severity', 'rule', 'component', 'componentType', 'file', 'line', 'message', 'fix', 'users'] as const;

/** One row per finding with a header row; users (org findings) separated by semicolons. */
export function findingsCsv(findings: AuditFinding[]): string {
  const rows = findings.map((f) => ({
    severity: f.severity,
    rule: f.rule,
    component: f.component,
    componentType: f.componentType,
    file: f.file ?? '',
    line: f.line ?? '',
    message: f.message,
    fix: f.fix,
    users: (f.users ?? []).join(';'),
  }));
  return stringify(rows, { header: true, columns: [...COLUMNS] });
}
