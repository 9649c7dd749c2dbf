import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { BackupError } from '../../io/backup-file.js';
import { retire, type RetireResult, type RetireStage } from '../../services/retire/retire-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait, checkWaitSeconds } from '../../shared/wait-flag.js';
import { reportStop } from '../../ui/report-stop.js';
import { StageProgress } from '../../ui/retire-stages.js';
import { groupRows, planTokens } from '../../ui/retire-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.retire');
const backupMessages = Messages.loadMessages('plugin-permset-ops', 'psg.restore');

export type PsgRetireResult = RetireResult;

/** Exit code of a run whose wait for the groups timed out (the sf CLI's "still in progress" code). */
export const EXIT_WAIT_TIMEOUT = 69;

/** The longest --wait (a day); --wait-seconds has the same bound. */
const MAX_WAIT_MINUTES = 1440;

const STAGES: Record<RetireStage, string> = {
  plan: 'Plan',
  backup: 'Back up',
  detach: 'Detach from groups',
  wait: 'Wait for group recalculation',
  unassign: 'Remove assignments',
  delete: 'Delete',
};

/** A stop after some assignments were removed must not claim that nothing changed. */
const removedNote = (result: RetireResult): string =>
  result.assignments.removed > 0 ? `; ${result.assignments.removed} of its ${result.assignments.count} assignment(s) were removed before the stop` : '';

const kindLabel = (result: RetireResult): string => (result.target.kind === 'group' ? 'permission set group' : 'permission set');

export default class PsgRetire extends SfCommand<PsgRetireResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), exactlyOne: ['name', 'group'] }),
    group: Flags.string({ char: 'g', summary: messages.getMessage('flags.group.summary'), exactlyOne: ['name', 'group'] }),
    'remove-assignments': Flags.boolean({ summary: messages.getMessage('flags.remove-assignments.summary') }),
    'delete-muting': Flags.boolean({ summary: messages.getMessage('flags.delete-muting.summary') }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: MAX_WAIT_MINUTES, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-file': Flags.file({ summary: messages.getMessage('flags.backup-file.summary'), description: messages.getMessage('flags.backup-file.description') }),
  };

  public async run(): Promise<PsgRetireResult> {
    const { flags } = await this.parse(PsgRetire);
    checkWait(flags.wait, MAX_WAIT_MINUTES);
    checkWaitSeconds(flags['wait-seconds'], MAX_WAIT_MINUTES);
    if (flags['delete-muting'] && !flags.group) throw messages.createError('error.DeleteMutingNeedsGroup');
    const org = flags['target-org'];
    const kind = flags.group ? 'group' : 'permissionSet';
    const name = (flags.group ?? flags.name ?? '').trim();
    if (!name) throw messages.createError('error.EmptyName', [flags.group === undefined ? '--name' : '--group']);
    const labels = kind === 'group' ? { ...STAGES, detach: undefined, wait: undefined } : STAGES;
    const progress = new StageProgress<RetireStage>(labels, `Retiring ${kind === 'group' ? 'permission set group' : 'permission set'} ${name}`, this.jsonEnabled(), 'wait');
    let result: RetireResult;
    try {
      result = await runWithGateway(org, flags['api-version'], (gateway) =>
        retire(
          gateway,
          {
            kind,
            name,
            orgId: org.getOrgId(),
            removeAssignments: flags['remove-assignments'],
            deleteMuting: flags['delete-muting'],
            dryRun: flags['dry-run'],
            waitMs: (flags['wait-seconds'] ?? flags.wait).milliseconds,
            backupFile: flags['backup-file'],
            cwd: process.cwd(),
          },
          { events: { onStage: (stage) => progress.stage(stage), onGroupStatus: (group, status) => progress.groupStatus(group, status) } }
        )
      );
    } catch (error) {
      progress.stop('failed');
      if (error instanceof BackupError) throw retireBackupError(error);
      throw error;
    }
    progress.stop(result.status === 'failed' ? 'failed' : result.status === 'timedOut' ? 'paused' : 'completed');
    return this.conclude(result);
  }

  private conclude(result: RetireResult): RetireResult {
    const what = `${kindLabel(result)} ${result.target.name}`;
    if (result.status === 'refused' && result.refusal) {
      const error = messages.createError('error.Assigned', [what, String(result.refusal.count), result.refusal.firstUsers.join(', ')]);
      error.setData(result);
      throw error;
    }
    if (result.resumed) this.log(messages.getMessage('info.Resumed', [result.backupFile ?? '']));
    if (result.groups.length > 0) this.table({ data: groupRows(result) });
    if (result.status === 'dryRun') this.log(`${messages.getMessage('info.Plan', planTokens(result))}\n${messages.getMessage('info.DryRun')}`);
    const muting = result.mutingPermissionSet;
    if (muting?.action === 'kept') {
      this.log(messages.getMessage('info.MutingKept', [messages.getMessage(muting.reason === 'NONE' ? 'info.MutingNone' : 'info.MutingUsedElsewhere')]));
    }
    this.outcome(result, what);
    return result;
  }

  private outcome(result: RetireResult, what: string): void {
    switch (result.status) {
      case 'retired':
        return this.log(messages.getMessage('info.Retired', [what, result.backupFile ?? '']));
      case 'alreadyRetired':
        return this.log(messages.getMessage('info.AlreadyRetired', [what, result.backupFile ?? '']));
      case 'notFound': {
        // A misspelt name must not pass a pipeline silently; a real earlier retirement is confirmed by its backup.
        const error = messages.createError('error.NotFound', [kindLabel(result), result.target.name]);
        error.setData(result);
        throw error;
      }
      case 'failed':
        return this.report('error.Failed', [STAGES[result.failure!.stage], result.failure!.message.replace(/\.$/, ''), what, removedNote(result), result.backupFile ?? ''], 1);
      case 'timedOut':
        return this.report('error.TimedOut', [result.failure?.message ?? ''], EXIT_WAIT_TIMEOUT);
      default:
    }
  }

  /** A failure that still returns the result: reported (stderr, or --json warnings) with its exit code. */
  private report(key: 'error.Failed' | 'error.TimedOut', tokens: string[], exitCode: number): void {
    reportStop(this, messages.createError(key, tokens));
    process.exitCode = exitCode;
  }
}

/**
 * In a retirement a backup is only read when --backup-file names an existing file (look-alikes found in the folder
 * that cannot be trusted are passed over), so an unreadable, foreign or edited file there is a file in the way:
 * say that it is refused and left as it is, not that a backup "may be truncated".
 */
function retireBackupError(error: BackupError): Error {
  const reasons: Partial<Record<BackupError['key'], (tokens: string[]) => string>> = {
    'error.BackupUnreadable': (tokens) => `it is not JSON (${tokens[1]})`,
    'error.BackupFormat': (tokens) => tokens[1],
    'error.BackupEdited': () => 'it was changed after it was written (its sha256 no longer matches)',
    'error.BackupValue': (tokens) => tokens[1],
  };
  const reason = reasons[error.key];
  if (reason) return backupMessages.createError('error.BackupFileTaken', [error.tokens[0], reason(error.tokens)]);
  return backupMessages.createError(error.key, error.tokens);
}
