import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { InputError } from '../../io/input-error.js';
import { locateRemovalBackup } from '../../services/backup/removal-backup.js';
import { rowHolds, type PslReclaimResult } from '../../services/psl/reclaim-result.js';
import { executeReclaim, planReclaimRun, plannedResult } from '../../services/psl/reclaim-service.js';
import { printedPlainJson } from '../../shared/plain-json.js';
import { confirmDeletes, removalFlags, withBackupErrors } from '../../shared/removal-flags.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { licenseRows, planRows, problemRows, usedTotals } from '../../ui/reclaim-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psl.reclaim');

export type PslReclaimCommandResult = PslReclaimResult;

/** Deletes below this many are quick enough that a progress bar would only flicker. */
const PROGRESS_FROM = 400;

export default class PslReclaim extends SfCommand<PslReclaimCommandResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    license: Flags.string({ char: 'l', summary: messages.getMessage('flags.license.summary'), description: messages.getMessage('flags.license.description'), multiple: true, delimiter: ',' }),
    inactive: Flags.boolean({ summary: messages.getMessage('flags.inactive.summary') }),
    unneeded: Flags.boolean({ summary: messages.getMessage('flags.unneeded.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    ...removalFlags(messages),
  };

  private progressShown = false;

  /** Large results reach pipes and files without the colouring pass (see src/shared/plain-json.ts). */
  public logJson(json: unknown): void {
    if (!printedPlainJson(json)) super.logJson(json);
  }

  public async run(): Promise<PslReclaimCommandResult> {
    const { flags } = await this.parse(PslReclaim);
    if (!flags.inactive && !flags.unneeded) throw messages.createError('error.NoMode');
    const org = flags['target-org'];
    const request = { licenses: (flags.license ?? []).map((l) => l.trim()).filter(Boolean), inactive: flags.inactive, unneeded: flags.unneeded };
    const result = await runWithGateway(org, flags['api-version'], async (gateway) => {
      const planned = await inputStep(() => planReclaimRun(gateway, request));
      if (flags['dry-run'] || planned.plan.deletes === 0) return plannedResult(gateway, planned, flags['dry-run']);
      const now = new Date();
      const location = await withBackupErrors(() =>
        locateRemovalBackup({ explicitPath: flags['backup-file'], cwd: process.cwd(), orgId: org.getOrgId(), operation: 'reclaim', now })
      );
      await confirmDeletes(this, { deletes: planned.plan.deletes, maxDeletes: flags['max-deletes'], noPrompt: flags['no-prompt'], what: messages.getMessage('info.What'), whatOne: messages.getMessage('info.WhatOne') });
      return withBackupErrors(() => executeReclaim(gateway, planned, { location, orgId: org.getOrgId(), now, onProgress: (done, total) => this.showProgress(done, total) }));
    });
    if (this.progressShown) this.progress.finish();
    this.render(result);
    const holding = result.rows.filter(rowHolds).length;
    if (holding < result.rows.length) process.exitCode = holding === 0 ? 1 : 68;
    return result;
  }

  private showProgress(done: number, total: number): void {
    if (this.jsonEnabled() || total < PROGRESS_FROM) return;
    if (!this.progressShown) this.progress.start(total, {}, { title: 'Deleting assignments and license seats' });
    this.progressShown = true;
    this.progress.update(done);
  }

  private render(result: PslReclaimResult): void {
    if (result.rows.length === 0) {
      const modes = [result.modes.inactive ? '--inactive' : '', result.modes.unneeded ? '--unneeded' : ''].filter(Boolean).join(' ');
      this.log(messages.getMessage('info.Nothing', [modes]));
      return;
    }
    this.table({ data: licenseRows(result), title: messages.getMessage('info.Title') });
    if (result.dryRun) {
      this.table({ data: planRows(result), title: messages.getMessage('info.PlanTitle') });
      this.log(messages.getMessage('info.DryRun', [String(result.totals.rows)]));
      return;
    }
    const problems = problemRows(result);
    if (problems.length > 0) this.table({ data: problems, title: messages.getMessage('info.ProblemTitle') });
    const used = usedTotals(result);
    const { deleted } = result.totals;
    this.log(messages.getMessage('info.Done', [String(deleted.assignments), String(deleted.seats), String(used.before), String(used.after), result.backupFile ?? '-']));
    if (result.totals.alreadyGone > 0) this.log(messages.getMessage('info.AlreadyGone', [String(result.totals.alreadyGone)]));
    if (problems.length > 0) this.warn(messages.getMessage('warning.NotAllDeleted', [String(problems.length), String(result.totals.rows)]));
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
