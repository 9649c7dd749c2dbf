import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { BackupError } from '../../io/backup-file.js';
import { retire, type RetireResult, type RetireStage } from '../../services/retire/retire-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { StageProgress } from '../../ui/retire-stages.js';
import { groupRows, planTokens } from '../../ui/retire-tables.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.retire');
const backupMessages = Messages.loadMessages('plugin-permset-ops', 'psg.restore');

export type PsgRetireResult = RetireResult;

/** Exit code of a run whose wait for the groups timed out (the sf CLI's "still in progress" code). */
export const EXIT_WAIT_TIMEOUT = 69;

const STAGES: Record<RetireStage, string> = {
  plan: 'Plan',
  backup: 'Back up',
  detach: 'Detach from groups',
  wait: 'Wait for group recalculation',
  unassign: 'Remove assignments',
  delete: 'Delete',
};

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
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: 1440, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'backup-file': Flags.file({ summary: messages.getMessage('flags.backup-file.summary'), description: messages.getMessage('flags.backup-file.description') }),
  };

  public async run(): Promise<PsgRetireResult> {
    const { flags } = await this.parse(PsgRetire);
    if (flags['delete-muting'] && !flags.group) throw messages.createError('error.DeleteMutingNeedsGroup');
    const org = flags['target-org'];
    const kind = flags.group ? 'group' : 'permissionSet';
    const name = (flags.group ?? flags.name ?? '').trim();
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
      if (error instanceof BackupError) throw backupMessages.createError(error.key, error.tokens);
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
        return this.report('error.Failed', [STAGES[result.failure!.stage], result.failure!.message], 1);
      case 'timedOut':
        return this.report('error.TimedOut', [result.failure?.message ?? ''], EXIT_WAIT_TIMEOUT);
      default:
    }
  }

  /** A failure that still returns the result (for --json): the message with its actions on stderr, and the exit code. */
  private report(key: 'error.Failed' | 'error.TimedOut', tokens: string[], exitCode: number): void {
    const error = messages.createError(key, tokens);
    this.logToStderr(`Error: ${error.message}`);
    for (const action of error.actions ?? []) this.logToStderr(`  Try this: ${action}`);
    process.exitCode = exitCode;
  }
}
