import { Messages, Org } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { auditOrg } from '../../services/audit/org-audit-service.js';
import { auditSource } from '../../services/audit/source-audit-service.js';
import { auditFlags } from '../../shared/audit-flags.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import {
  type AuditCommandResult,
  auditResult,
  auditText,
  flagSettings,
  outputFormat,
  printAudit,
  setGateExit,
  usage,
  writeAuditFile,
} from '../../shared/audit-run.js';

export { FINDINGS_EXIT_CODE, USAGE_EXIT_CODE } from '../../shared/audit-run.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.audit');

export type PsgAuditResult = AuditCommandResult;

export default class PsgAudit extends SfCommand<PsgAuditResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    // Not Flags.optionalOrg: that one falls back to the default org, and without -o this command audits source only.
    'target-org': Flags.custom<Org>({
      char: 'o',
      summary: messages.getMessage('flags.target-org.summary'),
      parse: async (input: string) => Org.create({ aliasOrUsername: input }),
    })(),
    'api-version': Flags.orgApiVersion(),
    'source-dir': Flags.string({ char: 'd', summary: messages.getMessage('flags.source-dir.summary'), multiple: true }),
    'group-naming': Flags.string({ summary: messages.getMessage('flags.group-naming.summary') }),
    'mute-naming': Flags.string({ summary: messages.getMessage('flags.mute-naming.summary') }),
    ...auditFlags(messages),
  };

  public async run(): Promise<PsgAuditResult> {
    const { flags } = await this.parse(PsgAudit);
    const outputFile = flags['output-file'];
    const settingsFromFlags = await usage(() => Promise.resolve(flagSettings(flags)));
    const format = await usage(() => outputFormat(outputFile, flags.overwrite));
    const org = flags['target-org'];
    const version = PsgAudit.plugin?.version ?? this.config.version;
    if (org) {
      const audit = await runWithGateway(org, flags['api-version'], (gateway) =>
        usage(() => auditOrg(gateway, { scopes: ['any', 'org'], flagSettings: settingsFromFlags, cwd: process.cwd(), sourceDirs: flags['source-dir'], now: new Date() }))
      );
      const output = auditResult(audit.findings, audit.summary, flags['fail-on'], { requests: audit.requests });
      const s = output.summary;
      printAudit(this, output, auditText('info.OrgSummary', [s.errors, s.warnings, s.infos, s.groups, s.sets, s.mutes, org.getUsername() ?? '', audit.requests].map(String)));
      if (outputFile && format) await writeAuditFile(outputFile, format, flags.overwrite, output, audit.settings, version, (line) => this.log(line));
      setGateExit(output);
      return output;
    }
    const audit = await usage(() => auditSource({ sourceDirs: flags['source-dir'] ?? [], cwd: process.cwd(), flagSettings: settingsFromFlags }));
    const output = auditResult(audit.findings, audit.summary, flags['fail-on'], { files: audit.files });
    const s = output.summary;
    printAudit(this, output, auditText('info.Summary', [s.errors, s.warnings, s.infos, s.groups, s.sets, s.mutes, audit.files, s.setsInNoGroup, s.sharedSets].map(String)));
    if (outputFile && format) await writeAuditFile(outputFile, format, flags.overwrite, output, audit.settings, version, (line) => this.log(line));
    setGateExit(output);
    return output;
  }
}
