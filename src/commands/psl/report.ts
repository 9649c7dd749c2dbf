import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { checkExportTarget, writeExport } from '../../io/export-file.js';
import { InputError } from '../../io/input-error.js';
import { reportPsls, type PslReportResult } from '../../services/psl/report-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { reportCsv, reportJson } from '../../ui/psl-export.js';
import { holderRows, licenseRows, totalsLine, userLicenseRows } from '../../ui/psl-tables.js';
import { printedPlainJson } from '../../shared/plain-json.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psl.report');

export type PslReportCommandResult = PslReportResult;

/** The exit code of a run whose usage reached --fail-at (documented in the command's description). */
export const GATE_EXIT_CODE = 3;

export default class PslReport extends SfCommand<PslReportCommandResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    license: Flags.string({ char: 'l', summary: messages.getMessage('flags.license.summary'), description: messages.getMessage('flags.license.description'), multiple: true, delimiter: ',' }),
    threshold: Flags.integer({ summary: messages.getMessage('flags.threshold.summary'), min: 1, max: 100, default: 90 }),
    // No default on purpose: without --fail-at there is no gate.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    'fail-at': Flags.integer({ summary: messages.getMessage('flags.fail-at.summary'), description: messages.getMessage('flags.fail-at.description'), min: 1, max: 100 }),
    'include-user-licenses': Flags.boolean({ summary: messages.getMessage('flags.include-user-licenses.summary') }),
    details: Flags.boolean({ summary: messages.getMessage('flags.details.summary') }),
    'output-file': Flags.string({ summary: messages.getMessage('flags.output-file.summary'), description: messages.getMessage('flags.output-file.description') }),
    overwrite: Flags.boolean({ summary: messages.getMessage('flags.overwrite.summary'), dependsOn: ['output-file'] }),
  };

  /** Large results reach pipes and files without the colouring pass (see src/shared/plain-json.ts). */
  public logJson(json: unknown): void {
    if (!printedPlainJson(json)) super.logJson(json);
  }

  public async run(): Promise<PslReportCommandResult> {
    const { flags } = await this.parse(PslReport);
    const outputFile = flags['output-file'];
    // Checked before the org is asked anything: a file in the way should not cost a report's worth of requests.
    const format = outputFile ? await inputStep(() => checkExportTarget(outputFile, flags.overwrite)) : undefined;
    const result = await runWithGateway(flags['target-org'], flags['api-version'], (gateway) =>
      inputStep(() =>
        reportPsls(gateway, {
          licenses: (flags.license ?? []).map((l) => l.trim()).filter(Boolean),
          threshold: flags.threshold,
          failAt: flags['fail-at'],
          includeUserLicenses: flags['include-user-licenses'],
          details: flags.details,
          now: new Date(),
        })
      )
    );
    this.render(result);
    if (outputFile && format) {
      await inputStep(() => writeExport(outputFile, format === 'csv' ? reportCsv(result) : reportJson(result), flags.overwrite));
      this.log(messages.getMessage('info.Written', [outputFile]));
    }
    if (result.gate.reached.length > 0) {
      this.warn(messages.getMessage('warning.GateReached', [String(result.gate.failAt), result.gate.reached.join(', ')]));
      process.exitCode = GATE_EXIT_CODE;
    }
    return result;
  }

  private render(result: PslReportResult): void {
    if (result.licenses.length === 0) this.log(messages.getMessage('info.NoLicenses'));
    else this.table({ data: licenseRows(result), title: messages.getMessage('info.Title', [String(result.threshold)]) });
    if (result.userLicenses?.length) this.table({ data: userLicenseRows(result.userLicenses), title: messages.getMessage('info.UserLicenses') });
    if (result.holders?.length) this.table({ data: holderRows(result), title: messages.getMessage('info.Holders') });
    this.log(totalsLine(result));
  }
}

async function inputStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) throw messages.createError(error.key, error.tokens);
    throw error;
  }
}
