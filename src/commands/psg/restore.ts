import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { BackupError } from '../../io/backup-file.js';
import { restore, type RestoreResult, type RestoreStage } from '../../services/retire/restore-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait, checkWaitSeconds } from '../../shared/wait-flag.js';
import { reportStop } from '../../ui/report-stop.js';
import { StageProgress } from '../../ui/retire-stages.js';
import { restoredTokens, skippedItems } from '../../ui/retire-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.restore');

export type PsgRestoreResult = RestoreResult;

/** The longest --wait (a day); --wait-seconds has the same bound. */
const MAX_WAIT_MINUTES = 1440;

const STAGES: Record<RestoreStage, string> = {
  read: 'Check backup',
  recreate: 'Recreate',
  permissions: 'Permissions',
  groups: 'Group memberships',
  wait: 'Wait for group recalculation',
  assignments: 'Assignments',
};

const EXIT: Record<RestoreResult['status'], number> = { restored: 0, partial: 68, failed: 1, timedOut: 69 };

export default class PsgRestore extends SfCommand<PsgRestoreResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    file: Flags.file({ char: 'f', required: true, exists: false, summary: messages.getMessage('flags.file.summary') }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: MAX_WAIT_MINUTES, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
  };

  public async run(): Promise<PsgRestoreResult> {
    const { flags } = await this.parse(PsgRestore);
    checkWait(flags.wait, MAX_WAIT_MINUTES);
    checkWaitSeconds(flags['wait-seconds'], MAX_WAIT_MINUTES);
    const org = flags['target-org'];
    const progress = new StageProgress<RestoreStage>(STAGES, `Restoring from ${flags.file}`, this.jsonEnabled(), 'wait');
    let result: RestoreResult;
    try {
      result = await runWithGateway(org, flags['api-version'], (gateway) =>
        restore(
          gateway,
          { file: flags.file, orgId: org.getOrgId(), waitMs: (flags['wait-seconds'] ?? flags.wait).milliseconds },
          { events: { onStage: (stage) => progress.stage(stage), onGroupStatus: (group, status) => progress.groupStatus(group, status) } }
        )
      );
    } catch (error) {
      progress.stop('failed');
      if (error instanceof BackupError) throw messages.createError(error.key, error.tokens);
      throw error;
    }
    progress.stop(result.status === 'failed' ? 'failed' : result.status === 'timedOut' ? 'paused' : 'completed');
    this.log(messages.getMessage('info.Restored', restoredTokens(result)));
    const skipped = skippedItems(result);
    if (skipped.length > 0) this.warn(messages.getMessage('info.Skipped', [skipped.join('; ')]));
    if (result.failure) {
      const error = messages.createError(result.status === 'timedOut' ? 'error.TimedOut' : 'error.Failed', result.status === 'timedOut' ? [result.failure.message] : [STAGES[result.failure.stage], result.failure.message.replace(/\.$/, '')]);
      reportStop(this, error);
    }
    if (EXIT[result.status] !== 0) process.exitCode = EXIT[result.status];
    return result;
  }
}
