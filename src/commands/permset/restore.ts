import { Messages, type Org } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { type RemovalBackupFile, type RetireBackupFile } from '../../io/backup-file.js';
import { openBackup } from '../../services/restore/open-backup.js';
import { type RemovalRestoreStage, restoreRemovals } from '../../services/restore/removal-restore-service.js';
import { type RemovalRestoreResult } from '../../services/restore/restore-results.js';
import { type RestoreResult, restoreRetirement } from '../../services/retire/restore-service.js';
import { backupErrorOf, withBackupErrors } from '../../shared/removal-flags.js';
import { MAX_RESTORE_WAIT_MINUTES, runRetireRestore } from '../../shared/retire-restore-run.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait, checkWaitSeconds } from '../../shared/wait-flag.js';
import { reportStop } from '../../ui/report-stop.js';
import { notRestoredRows, summaryTokens, targetRows } from '../../ui/restore-tables.js';
import { StageProgress } from '../../ui/retire-stages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.restore');

/** A retire backup's result is `psg restore`'s, saying which operation it restored. */
export type PermsetRestoreRetireResult = { operation: 'retire' } & RestoreResult;
export type PermsetRestoreResult = PermsetRestoreRetireResult | RemovalRestoreResult;

const STAGES: Record<RemovalRestoreStage, string> = {
  plan: 'Read the org and plan',
  wait: 'Wait for group recalculation',
  seats: 'License seats',
  assignments: 'Assignments',
};

const EXIT: Record<RemovalRestoreResult['status'], number> = { restored: 0, partial: 68, failed: 1 };

export default class PermsetRestore extends SfCommand<PermsetRestoreResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    file: Flags.file({ char: 'f', required: true, exists: false, summary: messages.getMessage('flags.file.summary') }),
    'dry-run': Flags.boolean({ default: false, summary: messages.getMessage('flags.dry-run.summary') }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: MAX_RESTORE_WAIT_MINUTES, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
  };

  public async run(): Promise<PermsetRestoreResult> {
    const { flags } = await this.parse(PermsetRestore);
    checkWait(flags.wait, MAX_RESTORE_WAIT_MINUTES);
    checkWaitSeconds(flags['wait-seconds'], MAX_RESTORE_WAIT_MINUTES);
    const org = flags['target-org'];
    // Read and checked before any request: a refused file never reaches the org.
    const backup = await withBackupErrors(() => openBackup(flags.file, org.getOrgId()));
    const run = { org, apiVersion: flags['api-version'], file: flags.file, waitMs: (flags['wait-seconds'] ?? flags.wait).milliseconds };
    if (backup.operation === 'retire') {
      if (flags['dry-run']) throw messages.createError('error.RetireDryRun', [flags.file]);
      return this.restoreRetire(backup, run);
    }
    return this.restoreRemoval(backup, { ...run, dryRun: flags['dry-run'] });
  }

  private async restoreRetire(backup: RetireBackupFile, run: RunSettings): Promise<PermsetRestoreRetireResult> {
    const result = await runRetireRestore(this, {
      org: run.org,
      apiVersion: run.apiVersion,
      request: { file: run.file, orgId: run.org.getOrgId(), waitMs: run.waitMs },
      restore: (gateway, request, options) => restoreRetirement(gateway, backup, request, options),
      backupError: backupErrorOf,
    });
    return { operation: 'retire', ...result };
  }

  private async restoreRemoval(backup: RemovalBackupFile, run: RunSettings & { dryRun: boolean }): Promise<RemovalRestoreResult> {
    const progress = new StageProgress<RemovalRestoreStage>(run.dryRun ? { plan: STAGES.plan } : STAGES, `Restoring from ${run.file}`, this.jsonEnabled(), 'wait');
    const describe = (action: string, tokens: string[]): string => messages.getMessage(`reason.${action}`, tokens);
    let result: RemovalRestoreResult;
    try {
      result = await runWithGateway(run.org, run.apiVersion, (gateway) =>
        restoreRemovals(
          gateway,
          backup,
          { file: run.file, dryRun: run.dryRun, waitMs: run.waitMs, describe },
          { events: { onStage: (stage) => progress.stage(stage), onGroupStatus: (group, status) => progress.groupStatus(group, status) } }
        )
      );
    } catch (error) {
      progress.stop('failed');
      throw error;
    }
    progress.stop(result.status === 'failed' ? 'failed' : 'completed');
    this.render(result);
    if (EXIT[result.status] !== 0) process.exitCode = EXIT[result.status];
    return result;
  }

  private render(result: RemovalRestoreResult): void {
    const s = result.summary;
    this.log(messages.getMessage(s.dryRun ? 'info.DryRunSummary' : 'info.Summary', summaryTokens(result)));
    const targets = targetRows(result);
    if (targets.length > 0) this.table({ data: targets });
    const problems = notRestoredRows(result);
    if (problems.length > 0) {
      this.table({ data: problems, title: messages.getMessage('info.NotRestoredTitle') });
      reportStop(this, messages.createError('error.NotRestored', [String(problems.length), String(s.total)]));
    }
    this.log(messages.getMessage('info.Requests', [String(s.requests.reads), String(s.requests.writes)]));
  }
}

type RunSettings = { org: Org; apiVersion: string | undefined; file: string; waitMs: number };
