import { Messages, type Org, type SfError } from '@salesforce/core';
import { type SfCommand } from '@salesforce/sf-plugins-core';
import { type OrgGateway } from '../gateway/index.js';
import { BackupError } from '../io/backup-file.js';
import { type RestoreOptions, type RestoreRequest, type RestoreResult, type RestoreStage } from '../services/retire/restore-service.js';
import { reportStop } from '../ui/report-stop.js';
import { StageProgress } from '../ui/retire-stages.js';
import { restoredTokens, skippedItems } from '../ui/retire-tables.js';
import { runWithGateway } from './run-with-gateway.js';

/**
 * The restore of a retirement as `psg restore` runs it and `permset restore` runs it for a retire backup: the same
 * stages on screen, the same summary and warnings (messages/psg.restore.md), the same exit codes.
 */
Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.restore');

/** The longest --wait of a restore (a day); --wait-seconds has the same bound. */
export const MAX_RESTORE_WAIT_MINUTES = 1440;

const STAGES: Record<RestoreStage, string> = {
  read: 'Check backup',
  recreate: 'Recreate',
  permissions: 'Permissions',
  groups: 'Group memberships',
  wait: 'Wait for group recalculation',
  assignments: 'Assignments',
};

const EXIT: Record<RestoreResult['status'], number> = { restored: 0, partial: 68, failed: 1, timedOut: 69 };

export type RetireRestoreRun = {
  org: Org;
  apiVersion: string | undefined;
  request: RestoreRequest;
  /** The service call: `restore` (reads the file) or `restoreRetirement` on a backup read already. */
  restore: (gateway: OrgGateway, request: RestoreRequest, options: RestoreOptions) => Promise<RestoreResult>;
  /** How the command words a refused backup file. */
  backupError: (error: BackupError) => SfError;
};

export async function runRetireRestore(command: SfCommand<unknown>, run: RetireRestoreRun): Promise<RestoreResult> {
  const progress = new StageProgress<RestoreStage>(STAGES, `Restoring from ${run.request.file}`, command.jsonEnabled(), 'wait');
  let result: RestoreResult;
  try {
    result = await runWithGateway(run.org, run.apiVersion, (gateway) =>
      run.restore(gateway, run.request, { events: { onStage: (stage) => progress.stage(stage), onGroupStatus: (group, status) => progress.groupStatus(group, status) } })
    );
  } catch (error) {
    progress.stop('failed');
    if (error instanceof BackupError) throw run.backupError(error);
    throw error;
  }
  progress.stop(result.status === 'failed' ? 'failed' : result.status === 'timedOut' ? 'paused' : 'completed');
  command.log(messages.getMessage('info.Restored', restoredTokens(result)));
  const skipped = skippedItems(result);
  if (skipped.length > 0) command.warn(messages.getMessage('info.Skipped', [skipped.join('; ')]));
  if (result.failure) {
    const error =
      result.status === 'timedOut'
        ? messages.createError('error.TimedOut', [result.failure.message])
        : messages.createError('error.Failed', [STAGES[result.failure.stage], result.failure.message.replace(/\.$/, '')]);
    reportStop(command, error);
  }
  if (EXIT[result.status] !== 0) process.exitCode = EXIT[result.status];
  return result;
}
