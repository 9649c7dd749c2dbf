import { createHash } from 'node:crypto';
import { type Severity } from '../planning/audit/findings.js';
import { type AuditFinding } from './audit-render.js';

/** A rule as SARIF's tool.driver.rules lists it. */
export type SarifRule = { id: string; severity: Severity; summary: string; fix: string };
export type SarifTool = { name: string; version: string; informationUri: string };

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules with their default level, and one result per
 * finding located by its repository-relative file and line (a finding with no file, such as no-groups, or an org
 * finding, gets a logical location instead). partialFingerprints hash the rule, file, component and what the rule
 * names but not the line, so a finding keeps its identity when lines above it move.
 */
export function findingsSarif(findings: AuditFinding[], rules: SarifRule[], tool: SarifTool): string {
  const index = new Map(rules.map((r, k) => [r.id, k]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            ...tool,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: `${r.summary} ${r.fix}` },
              help: { text: r.fix },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.message} ${f.fix}` },
          locations: [location(f)],
          partialFingerprints: { 'permsetOpsFinding/v1': createHash('sha256').update(f.fingerprint).digest('hex') },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function location(f: AuditFinding): Record<string, unknown> {
  if (!f.file) return { logicalLocations: [{ name: f.component || f.componentType, kind: 'module', fullyQualifiedName: `${f.componentType}:${f.component}` }] };
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(f.file) },
      ...(f.line ? { region: { startLine: f.line } } : {}),
    },
  };
}
