import { Messages, type SfError } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { checkExportTarget, checkWritableFolder, type ExportFormat, writeExport } from '../../io/export-file.js';
import { InputError } from '../../io/input-error.js';
import { type AuditSummary, failsGate, type FailOn, gated } from '../../planning/audit/engine.js';
import { RULES } from '../../planning/audit/rules/catalogue.js';
import { parseRuleEntry, SettingsError } from '../../planning/audit/settings.js';
import { auditSource, type SourceAudit } from '../../services/audit/source-audit-service.js';
import { findingsCsv } from '../../ui/audit-export.js';
import { type AuditFinding, renderFindings, type TextLookup } from '../../ui/audit-render.js';
import { findingsSarif } from '../../ui/audit-sarif.js';
import { severityTables } from '../../ui/audit-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.audit');
const text: TextLookup = (key, tokens = []) => messages.getMessage(key, tokens);

export type PsgAuditResult = {
  summary: AuditSummary & { files: number; failOn: FailOn; failed: boolean };
  findings: AuditFinding[];
};

/** Usage errors (a missing folder, an unwritable file, a bad setting) exit 2, findings at --fail-on exit 1. */
export const USAGE_EXIT_CODE = 2;
export const FINDINGS_EXIT_CODE = 1;
const FORMATS: readonly ExportFormat[] = ['sarif', 'csv', 'json'];
const INFORMATION_URI = 'https://www.npmjs.com/package/plugin-permset-ops';

export default class PsgAudit extends SfCommand<PsgAuditResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'source-dir': Flags.string({ char: 'd', summary: messages.getMessage('flags.source-dir.summary'), multiple: true }),
    'fail-on': Flags.option({ summary: messages.getMessage('flags.fail-on.summary'), options: ['error', 'warning', 'info', 'never'] as const, default: 'error' })(),
    'output-file': Flags.string({ summary: messages.getMessage('flags.output-file.summary'), description: messages.getMessage('flags.output-file.description') }),
    overwrite: Flags.boolean({ summary: messages.getMessage('flags.overwrite.summary'), dependsOn: ['output-file'] }),
    rule: Flags.string({ summary: messages.getMessage('flags.rule.summary'), multiple: true }),
    'group-naming': Flags.string({ summary: messages.getMessage('flags.group-naming.summary') }),
    'mute-naming': Flags.string({ summary: messages.getMessage('flags.mute-naming.summary') }),
  };

  public async run(): Promise<PsgAuditResult> {
    const { flags } = await this.parse(PsgAudit);
    const outputFile = flags['output-file'];
    const audit = await usage(async () => {
      const rules = Object.fromEntries((flags.rule ?? []).map((entry) => parseRuleEntry(entry, '--rule')));
      // Checked before the audit: a file in the way should not cost a whole audit.
      const format = outputFile ? await checkExportTarget(outputFile, flags.overwrite, FORMATS) : undefined;
      if (outputFile) await checkWritableFolder(outputFile);
      const result = await auditSource({
        sourceDirs: flags['source-dir'] ?? [],
        cwd: process.cwd(),
        flagSettings: { rules, groupNaming: flags['group-naming'], muteNaming: flags['mute-naming'] },
      });
      return { result, format };
    });
    const findings = renderFindings(audit.result.findings, text);
    const failed = failsGate(audit.result.findings, flags['fail-on']);
    const output: PsgAuditResult = { summary: { ...audit.result.summary, files: audit.result.files, failOn: flags['fail-on'], failed }, findings };
    this.render(output);
    if (outputFile && audit.format) {
      const content = this.fileContent(audit.format, output, audit.result);
      await usage(() => writeExport(outputFile, content, flags.overwrite));
      this.log(messages.getMessage('info.Written', [outputFile]));
    }
    if (failed) process.exitCode = FINDINGS_EXIT_CODE;
    return output;
  }

  private render({ summary, findings }: PsgAuditResult): void {
    for (const table of severityTables(findings, text)) this.table({ data: table.data, title: table.title });
    const counts = [summary.errors, summary.warnings, summary.infos, summary.groups, summary.sets, summary.mutes, summary.files, summary.setsInNoGroup, summary.sharedSets];
    this.log(messages.getMessage('info.Summary', counts.map(String)));
    if (summary.failed) this.log(messages.getMessage('info.Gate', [String(gated(findings, summary.failOn).length), summary.failOn]));
  }

  private fileContent(format: ExportFormat, output: PsgAuditResult, audit: SourceAudit): string {
    if (format === 'csv') return findingsCsv(output.findings);
    if (format === 'json') return `${JSON.stringify(output, null, 2)}\n`;
    const rules = RULES.map((r) => {
      const level = audit.settings.rules[r.id];
      return { id: r.id, severity: level && level !== 'off' ? level : r.severity, summary: text(`rule.${r.id}.summary`), fix: text(`rule.${r.id}.fix`) };
    });
    const version = PsgAudit.plugin?.version ?? this.config.version;
    return findingsSarif(output.findings, rules, { name: 'plugin-permset-ops', version, informationUri: INFORMATION_URI });
  }
}

/** Runs a step whose refusals of the user's input become errors naming the input, with exit code 2. */
async function usage<T>(step: () => Promise<T>): Promise<T> {
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
