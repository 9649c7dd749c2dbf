import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Duration } from '@salesforce/kit';
import { InputError } from '../../io/input-error.js';
import { type Blocker } from '../../planning/assignment/types.js';
import { parseExpiration } from '../../planning/input/expiration-input.js';
import { assignPermissions, type AssignmentSource } from '../../services/assign/assign-service.js';
import { holds, type AssignResult } from '../../services/assign/results.js';
import { csvSource, flagSource } from '../../services/assign/sources.js';
import { syncAssignments, type SyncPlanCounts, type SyncResult } from '../../services/assign/sync-service.js';
import { confirmDeletes, removalFlags, withBackupErrors } from '../../shared/removal-flags.js';
import { onBehalfOf } from '../../shared/on-behalf-of.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait } from '../../shared/wait-flag.js';
import { deletionRows, problemRows, sessionBasedTargets, summaryLine, targetRows } from '../../ui/assign-tables.js';
import { printedPlainJson } from '../../shared/plain-json.js';
import { HeapKeeper } from '../../shared/heap-keeper.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.assign');

/** assign's rows and summary; with --sync also the backup of what it removed (null when it removed nothing). */
export type PermsetAssignResult = AssignResult & { backupFile?: string | null };

/** Flags that only say something about what --sync removes. */
const SYNC_ONLY = ['sync-scope', 'backup-file', 'max-deletes', 'no-prompt'] as const;

/** Writes below this many are quick enough that a progress bar would only flicker. */
const PROGRESS_FROM = 400;
/** Removed rows listed on the terminal; the rest are in --json and in the backup. */
const DELETIONS_SHOWN = 200;

export default class PermsetAssign extends SfCommand<PermsetAssignResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), description: messages.getMessage('flags.name.description'), multiple: true, delimiter: ',' }),
    group: Flags.string({ char: 'g', summary: messages.getMessage('flags.group.summary'), description: messages.getMessage('flags.group.description'), multiple: true, delimiter: ',' }),
    'on-behalf-of': Flags.string({ char: 'b', summary: messages.getMessage('flags.on-behalf-of.summary'), multiple: true, delimiter: ',' }),
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary') }),
    'expiration-date': Flags.string({ summary: messages.getMessage('flags.expiration-date.summary') }),
    'dry-run': Flags.boolean({ default: false, summary: messages.getMessage('flags.dry-run.summary') }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: 120, defaultValue: 5, summary: messages.getMessage('flags.wait.summary') }),
    sync: Flags.boolean({ default: false, summary: messages.getMessage('flags.sync.summary'), description: messages.getMessage('flags.sync.description') }),
    'sync-scope': Flags.option({ summary: messages.getMessage('flags.sync-scope.summary'), options: ['file', 'all'] as const, default: 'file' })(),
    ...removalFlags(messages),
  };

  private progressShown = false;
  private progressTitle = '';

  /** Large results reach pipes and files without the colouring pass (see src/shared/plain-json.ts). */
  public logJson(json: unknown): void {
    if (!printedPlainJson(json)) super.logJson(json);
  }

  public async run(): Promise<PermsetAssignResult> {
    const { flags, raw } = await this.parse(PermsetAssign);
    checkWait(flags.wait, 120);
    checkSyncFlags(flags, new Set(raw.flatMap((t) => (t.type === 'flag' ? [t.flag] : []))));
    const source = await this.sourceFrom(flags);
    const heap = new HeapKeeper();
    const options = {
      dryRun: flags['dry-run'],
      waitMs: (flags.wait ?? Duration.minutes(5)).milliseconds,
      describe: (b: Blocker): string => messages.getMessage(`reason.${b.reason}${b.variant ? `.${b.variant}` : ''}`, b.tokens),
      events: {
        onWrite: (done: number, total: number) => this.showProgress(done, total, messages.getMessage('info.ProgressWrites')),
        onGroupStatus: (group: string, status: string) => this.log(`Permission set group ${group}: ${status}`),
        onBatch: () => heap.betweenBatches(),
      },
    };
    const org = flags['target-org'];
    const result: PermsetAssignResult = await runWithGateway(org, flags['api-version'], (gateway) =>
      flags.sync
        ? withBackupErrors(() =>
            syncAssignments(gateway, source, {
              ...options,
              scope: flags['sync-scope'],
              runningUsername: org.getUsername() ?? '',
              orgId: org.getOrgId(),
              backupFile: flags['backup-file'],
              cwd: process.cwd(),
              confirmDeletes: (plan) => this.confirmSyncDeletes(plan, flags),
              onDeleteProgress: (done, total) => this.showProgress(done, total, messages.getMessage('info.ProgressDeletes')),
            })
          )
        : assignPermissions(gateway, source, options)
    );
    if (this.progressShown) this.progress.finish();
    this.render(result, flags.sync);
    const holding = result.assignments.filter((a) => holds(a.action)).length;
    if (holding < result.assignments.length) process.exitCode = holding === 0 ? 1 : 68;
    return result;
  }

  /** The plan, said before anything runs; then the delete guard: --max-deletes, --no-prompt, and (scope all) a confirmation for any delete. */
  private async confirmSyncDeletes(plan: SyncPlanCounts, flags: { 'max-deletes': number; 'no-prompt': boolean; 'sync-scope': string }): Promise<void> {
    this.log(messages.getMessage('info.SyncPlan', [String(plan.creates), String(plan.updates), String(plan.deletes)]));
    await confirmDeletes(this, {
      deletes: plan.deletes,
      maxDeletes: flags['max-deletes'],
      noPrompt: flags['no-prompt'],
      unnamed: flags['sync-scope'] === 'all',
      what: messages.getMessage('info.DeleteWhat'), whatOne: messages.getMessage('info.DeleteWhatOne'),
    });
  }

  private async sourceFrom(flags: {
    name?: string[];
    group?: string[];
    'on-behalf-of'?: string[];
    file?: string;
    'expiration-date'?: string;
    'target-org': { getUsername(): string | undefined };
  }): Promise<AssignmentSource> {
    if (flags.file) {
      const clash = (['name', 'group', 'on-behalf-of', 'expiration-date'] as const).filter((f) => flags[f] !== undefined);
      if (clash.length > 0) throw messages.createError('error.FileWithFlags', [clash.map((f) => `--${f}`).join(', ')]);
      return runInputStep(() => csvSource(flags.file!, Date.now()));
    }
    if (!flags.name?.length && !flags.group?.length) throw messages.createError('error.NothingToAssign');
    const expiration = parseExpiration(flags['expiration-date'], Date.now());
    if ('error' in expiration) {
      throw messages.createError(expiration.error === 'past' ? 'error.ExpirationPast' : 'error.ExpirationFormat', [flags['expiration-date']]);
    }
    return flagSource({
      users: await onBehalfOf(flags['on-behalf-of'], flags['target-org'].getUsername()),
      permissionSets: (flags.name ?? []).map((n) => n.trim()).filter(Boolean),
      groups: (flags.group ?? []).map((g) => g.trim()).filter(Boolean),
      expiration: expiration.wish,
    });
  }

  private showProgress(done: number, total: number, title: string): void {
    if (this.jsonEnabled() || total < PROGRESS_FROM) return;
    if (this.progressShown && this.progressTitle !== title) this.progress.finish();
    if (!this.progressShown || this.progressTitle !== title) this.progress.start(total, {}, { title });
    this.progressShown = true;
    this.progressTitle = title;
    this.progress.update(done);
  }

  private render(result: PermsetAssignResult, sync: boolean): void {
    this.log(summaryLine(result, sync));
    const targets = targetRows(result, messages.getMessage('info.SessionBasedColumn'), sync);
    if (targets.length > 0) this.table({ data: targets });
    const problems = problemRows(result);
    if (problems.length > 0) this.table({ data: problems, title: 'Not assigned' });
    const sessions = [...sessionBasedTargets(result).values()];
    if (sessions.length > 0) this.warn(messages.getMessage('warning.SessionBased', [sessions.join(', ')]));
    for (const s of result.summary.licenseShortfalls) {
      this.warn(messages.getMessage('info.Shortfall', [s.license, String(s.free), String(s.missing)]));
    }
    if (sync) this.renderSync(result as SyncResult);
    if (result.summary.dryRun) this.log(messages.getMessage('info.DryRun'));
  }

  private renderSync(result: SyncResult): void {
    const deletions = deletionRows(result, DELETIONS_SHOWN);
    if (deletions.rows.length > 0) this.table({ data: deletions.rows, title: result.summary.dryRun ? 'To delete' : 'Deleted' });
    if (deletions.more > 0) this.log(messages.getMessage('info.MoreDeletions', [String(deletions.more)]));
    const kept = result.assignments.filter((a) => a.warnings?.includes('RUNNING_USER'));
    if (kept.length > 0) {
      const names = kept.map((a) => a.permissionSet ?? a.permissionSetGroup ?? '').join(', ');
      this.warn(messages.getMessage('warning.RunningUserKept', [String(kept.length), kept[0].username, names]));
    }
    if (result.backupFile) this.log(messages.getMessage('info.SyncBackup', [result.backupFile]));
  }
}

/**
 * --sync needs the file it makes true; the flags about what a sync removes mean nothing without --sync. Both are
 * refused before anything is read from the org. `given`: the flags on the command line (defaults don't count).
 */
function checkSyncFlags(flags: { sync: boolean; file?: string }, given: ReadonlySet<string>): void {
  if (flags.sync) {
    if (!flags.file) throw messages.createError('error.SyncNeedsFile');
    return;
  }
  const stray = SYNC_ONLY.filter((f) => given.has(f));
  if (stray.length > 0) throw messages.createError('error.NeedsSync', [stray.map((f) => `--${f}`).join(', ')]);
}

async function runInputStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) throw messages.createError(error.key, error.tokens);
    throw error;
  }
}
