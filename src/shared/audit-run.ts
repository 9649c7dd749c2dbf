import { Messages, type SfError } from '@salesforce/core';
import { checkExportTarget, checkWritableFolder, type ExportFormat, writeExport } from '../io/export-file.js';
import { InputError } from '../io/input-error.js';
import { type AuditSummary, failsGate, type FailOn, gated } from '../planning/audit/engine.js';
import { type RuleFinding } from '../planning/audit/findings.js';
import { RULES } from '../planning/audit/rules/catalogue.js';
import { type AuditSettings, parseRuleEntry, type PartialSettings, SettingsError } from '../planning/audit/settings.js';
import { findingsCsv } from '../ui/audit-export.js';
import { type AuditFinding, renderFindings, type TextLookup } from '../ui/audit-render.js';
import { findingsSarif } from '../ui/audit-sarif.js';
import { severityTables } from '../ui/audit-tables.js';

/**
 * What `psg audit` and `permset health` share: the rule texts (messages/psg.audit.md), the usage-error exit code,
 * the --fail-on gate, the tables and the output files. One engine, one set of outputs.
 */
Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.audit');
export const auditText: TextLookup = (key, tokens = []) => messages.getMessage(key, tokens);

/** Usage errors (a missing folder, an unwritable file, a bad setting) exit 2, findings at --fail-on exit 1. */
export const USAGE_EXIT_CODE = 2;
export const FINDINGS_EXIT_CODE = 1;
const FORMATS: readonly ExportFormat[] = ['sarif', 'csv', 'json'];
const INFORMATION_URI = 'https://www.npmjs.com/package/plugin-permset-ops';

export type AuditCommandResult = {
  summary: AuditSummary & { files?: number; requests?: number; failOn: FailOn; failed: boolean };
  findings: AuditFinding[];
};

/** Runs a step whose refusals of the user's input become errors naming the input, with exit code 2. */
export async function usage<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError || error instanceof SettingsError) {
      const sfError: SfError = messages.createError(error.key, error.tokens);
      sfError.exitCode = USAGE_EXIT_CODE;
      throw sfError;
    }
    throw error;
  }
}

type SettingFlags = { rule?: string[]; 'group-naming'?: string; 'mute-naming'?: string; 'stuck-after'?: number; 'psl-threshold'?: number; 'expiring-within'?: number };

/** The settings the flags give (each rule entry checked); unset flags leave the project file's or the default. */
export function flagSettings(flags: SettingFlags): PartialSettings {
  return {
    rules: Object.fromEntries((flags.rule ?? []).map((entry) => parseRuleEntry(entry, '--rule'))),
    groupNaming: flags['group-naming'],
    muteNaming: flags['mute-naming'],
    stuckAfterMinutes: flags['stuck-after'],
    pslThreshold: flags['psl-threshold'],
    expiringWithinDays: flags['expiring-within'],
  };
}

/** The --output-file's format, checked before the audit: a file in the way should not cost a whole audit. */
export async function outputFormat(outputFile: string | undefined, overwrite: boolean): Promise<ExportFormat | undefined> {
  if (!outputFile) return undefined;
  const format = await checkExportTarget(outputFile, overwrite, FORMATS);
  await checkWritableFolder(outputFile);
  return format;
}

/** The command's result: findings rendered with their texts, the summary with the gate. */
export function auditResult(findings: RuleFinding[], summary: AuditSummary, failOn: FailOn, extra: { files?: number; requests?: number }): AuditCommandResult {
  const failed = failsGate(findings, failOn);
  return { summary: { ...summary, ...extra, failOn, failed }, findings: renderFindings(findings, auditText) };
}

export type Printer = { table: (options: { data: Array<Record<string, string>>; title: string }) => void; log: (line: string) => void };

/** A table per severity, the summary line the command chose, and the gate's line when it fails. */
export function printAudit(printer: Printer, output: AuditCommandResult, summaryLine: string): void {
  for (const table of severityTables(output.findings, auditText)) printer.table({ data: table.data, title: table.title });
  printer.log(summaryLine);
  if (output.summary.failed) printer.log(auditText('info.Gate', [String(gated(output.findings, output.summary.failOn).length), output.summary.failOn]));
}

/** Writes --output-file (SARIF, CSV or JSON) and says so. */
export async function writeAuditFile(outputFile: string, format: ExportFormat, overwrite: boolean, output: AuditCommandResult, settings: AuditSettings, version: string, log: (line: string) => void): Promise<void> {
  await usage(() => writeExport(outputFile, fileContent(format, output, settings, version), overwrite));
  log(auditText('info.Written', [outputFile]));
}

function fileContent(format: ExportFormat, output: AuditCommandResult, settings: AuditSettings, version: string): string {
  if (format === 'csv') return findingsCsv(output.findings);
  if (format === 'json') return `${JSON.stringify(output, null, 2)}\n`;
  const rules = RULES.map((r) => {
    const level = settings.rules[r.id];
    return { id: r.id, severity: level && level !== 'off' ? level : r.severity, summary: auditText(`rule.${r.id}.summary`), fix: auditText(`rule.${r.id}.fix`) };
  });
  return findingsSarif(output.findings, rules, { name: 'plugin-permset-ops', version, informationUri: INFORMATION_URI });
}

/** Exit 1 when the gate fails (the result is still printed and written). */
export function setGateExit(output: AuditCommandResult): void {
  if (output.summary.failed) process.exitCode = FINDINGS_EXIT_CODE;
}
