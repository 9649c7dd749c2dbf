import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { InputError } from '../../io/input-error.js';
import { type Blocker } from '../../planning/assignment/types.js';
import { holds } from '../../services/assign/results.js';
import { unassign, type UnassignResult } from '../../services/unassign/unassign-service.js';
import { csvRemovalSource, flagRemovalSource, type UnassignSource } from '../../services/unassign/unassign-source.js';
import { onBehalfOf } from '../../shared/on-behalf-of.js';
import { HeapKeeper } from '../../shared/heap-keeper.js';
import { printedPlainJson } from '../../shared/plain-json.js';
import { confirmDeletes, removalFlags, withBackupErrors } from '../../shared/removal-flags.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { problemRows } from '../../ui/assign-tables.js';
import { removalTargetRows, summaryTokens } from '../../ui/unassign-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.unassign');
/** The CSV file's refusals are assign's: the same columns, the same words. */
const csvMessages = Messages.loadMessages('plugin-permset-ops', 'permset.assign');

export type PermsetUnassignResult = UnassignResult;

/** Deletes below this many are quick enough that a progress bar would only flicker. */
const PROGRESS_FROM = 400;

export default class PermsetUnassign extends SfCommand<PermsetUnassignResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), multiple: true, delimiter: ',' }),
    group: Flags.string({ char: 'g', summary: messages.getMessage('flags.group.summary'), multiple: true, delimiter: ',' }),
    'on-behalf-of': Flags.string({ char: 'b', summary: messages.getMessage('flags.on-behalf-of.summary'), multiple: true, delimiter: ',' }),
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary') }),
    'dry-run': Flags.boolean({ default: false, summary: messages.getMessage('flags.dry-run.summary') }),
    ...removalFlags(messages),
  };

  private progressShown = false;

  /** Large results reach pipes and files without the colouring pass (see src/shared/plain-json.ts). */
  public logJson(json: unknown): void {
    if (!printedPlainJson(json)) super.logJson(json);
  }

  public async run(): Promise<PermsetUnassignResult> {
    const { flags } = await this.parse(PermsetUnassign);
    const org = flags['target-org'];
    const source = await this.sourceFrom(flags, org.getUsername());
    const describe = (b: Blocker): string =>
      b.reason === 'INVALID_ROW' ? csvMessages.getMessage(b.tokens[0], b.tokens.slice(1)) : messages.getMessage(`reason.${b.reason}${b.variant ? `.${b.variant}` : ''}`, b.tokens);
    const heap = new HeapKeeper();
    const result = await withBackupErrors(() =>
      runWithGateway(org, flags['api-version'], (gateway) =>
        unassign(gateway, source, {
          dryRun: flags['dry-run'],
          orgId: org.getOrgId(),
          backupFile: flags['backup-file'],
          cwd: process.cwd(),
          describe,
          confirm: (deletes) =>
            confirmDeletes(this, { deletes, maxDeletes: flags['max-deletes'], noPrompt: flags['no-prompt'], what: messages.getMessage('info.What'), whatOne: messages.getMessage('info.WhatOne') }),
          events: {
            onBatch: () => heap.betweenBatches(),
            onBackup: (path, rows) => {
              this.log(messages.getMessage('info.BackupWritten', [String(rows), path]));
              heap.betweenBatches();
            },
            onDelete: (done, total) => {
              this.showProgress(done, total);
              heap.betweenBatches();
            },
          },
        })
      )
    );
    if (this.progressShown) this.progress.finish();
    this.render(result);
    const holding = result.assignments.filter((a) => holds(a.action)).length;
    if (holding < result.assignments.length) process.exitCode = holding === 0 ? 1 : 68;
    return result;
  }

  private async sourceFrom(
    flags: { name?: string[]; group?: string[]; 'on-behalf-of'?: string[]; file?: string },
    orgUsername: string | undefined
  ): Promise<UnassignSource> {
    if (flags.file) {
      const clash = (['name', 'group', 'on-behalf-of'] as const).filter((f) => flags[f] !== undefined);
      if (clash.length > 0) throw messages.createError('error.FileWithFlags', [clash.map((f) => `--${f}`).join(', ')]);
      const file = flags.file;
      return csvStep(() => csvRemovalSource(file));
    }
    const permissionSets = (flags.name ?? []).map((n) => n.trim()).filter(Boolean);
    const groups = (flags.group ?? []).map((g) => g.trim()).filter(Boolean);
    if (permissionSets.length === 0 && groups.length === 0) throw messages.createError('error.NothingToUnassign');
    return flagRemovalSource({ users: await onBehalfOf(flags['on-behalf-of'], orgUsername), permissionSets, groups });
  }

  private showProgress(done: number, total: number): void {
    if (this.jsonEnabled() || total < PROGRESS_FROM) return;
    if (!this.progressShown) this.progress.start(total, {}, { title: messages.getMessage('info.Progress') });
    this.progressShown = true;
    this.progress.update(done);
  }

  private render(result: UnassignResult): void {
    this.log(messages.getMessage(result.summary.dryRun ? 'info.SummaryDryRun' : 'info.Summary', summaryTokens(result)));
    const targets = removalTargetRows(result);
    if (targets.length > 0) this.table({ data: targets });
    const problems = problemRows(result);
    if (problems.length > 0) this.table({ data: problems, title: messages.getMessage('info.NotRemoved') });
    if (result.backupFile) this.log(messages.getMessage('info.Restore', [result.backupFile, result.backupFile]));
    if (result.summary.dryRun) this.log(messages.getMessage('info.DryRun'));
  }
}

/** A CSV file that can't be read as a whole is refused before the org is read, in assign's words. */
async function csvStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) throw csvMessages.createError(error.key, error.tokens);
    throw error;
  }
}
