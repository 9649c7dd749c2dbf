import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { auditOrg } from '../../services/audit/org-audit-service.js';
import { type AuditCommandResult, auditResult, auditText, flagSettings, outputFormat, printAudit, setGateExit, usage, writeAuditFile } from '../../shared/audit-run.js';
import { auditFlags } from '../../shared/audit-flags.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.health');

export type PermsetHealthResult = AuditCommandResult;

/** The org rules of `psg audit` alone (same engine, flags and outputs): the org-wide health check. */
export default class PermsetHealth extends SfCommand<PermsetHealthResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    ...auditFlags(messages),
  };

  public async run(): Promise<PermsetHealthResult> {
    const { flags } = await this.parse(PermsetHealth);
    const org = flags['target-org'];
    const outputFile = flags['output-file'];
    const settings = await usage(() => Promise.resolve(flagSettings(flags)));
    const format = await usage(() => outputFormat(outputFile, flags.overwrite));
    const audit = await runWithGateway(org, flags['api-version'], (gateway) =>
      usage(() => auditOrg(gateway, { scopes: ['org'], flagSettings: settings, cwd: process.cwd(), now: new Date() }))
    );
    const output = auditResult(audit.findings, audit.summary, flags['fail-on'], { requests: audit.requests });
    const s = output.summary;
    printAudit(this, output, auditText('info.OrgSummary', [s.errors, s.warnings, s.infos, s.groups, s.sets, s.mutes, org.getUsername() ?? '', audit.requests].map(String)));
    if (outputFile && format) {
      await writeAuditFile(outputFile, format, flags.overwrite, output, audit.settings, PermsetHealth.plugin?.version ?? this.config.version, (line) => this.log(line));
    }
    setGateExit(output);
    return output;
  }
}
