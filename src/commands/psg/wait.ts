import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { type GroupWaitResult, UnknownGroupsError, waitForGroupRecalculation } from '../../services/wait/psg-wait-service.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait, checkWaitSeconds } from '../../shared/wait-flag.js';
import { reportStop } from '../../ui/report-stop.js';
import { StageProgress } from '../../ui/retire-stages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'psg.wait');

export type PsgWaitResult = GroupWaitResult;

/** The longest --wait (a day), as psg retire and restore. */
const MAX_WAIT_MINUTES = 1440;
/** A wait that ended with groups still pending: the sf plugins' exit code for a timeout (also psg retire's). */
const TIMED_OUT = 69;

type Stage = 'wait';
const STAGES: Record<Stage, string> = { wait: 'Wait for recalculation' };

export default class PsgWait extends SfCommand<PsgWaitResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    group: Flags.string({ char: 'g', summary: messages.getMessage('flags.group.summary'), multiple: true, delimiter: ',' }),
    wait: Flags.duration({ char: 'w', unit: 'minutes', min: 0, max: MAX_WAIT_MINUTES, defaultValue: 10, summary: messages.getMessage('flags.wait.summary') }),
    'wait-seconds': Flags.duration({ unit: 'seconds', hidden: true, summary: messages.getMessage('flags.wait-seconds.summary') }),
  };

  public async run(): Promise<PsgWaitResult> {
    const { flags } = await this.parse(PsgWait);
    checkWait(flags.wait, MAX_WAIT_MINUTES);
    checkWaitSeconds(flags['wait-seconds'], MAX_WAIT_MINUTES);
    const names = (flags.group ?? []).map((name) => name.trim()).filter(Boolean);
    const progress = new StageProgress<Stage>(STAGES, 'Waiting for permission set group recalculation', this.jsonEnabled(), 'wait');
    let result: PsgWaitResult;
    try {
      result = await runWithGateway(flags['target-org'], flags['api-version'], (gateway) =>
        waitForGroupRecalculation(gateway, { names, timeoutMs: (flags['wait-seconds'] ?? flags.wait).milliseconds }, {
          events: {
            onGroups: (groups) => {
              // Named before the wait starts, so a log shows what the run is waiting for even if it is stopped.
              if (names.length === 0 && groups.length > 0) this.log(messages.getMessage('info.Waiting', [String(groups.length), groups.map((g) => g.name).join(', ')]));
              if (groups.every((g) => g.status === 'Updated' || g.status === 'Failed')) return;
              progress.stage('wait');
              for (const group of groups) progress.groupStatus(group.name, group.status);
            },
            onStatus: (name, status) => progress.groupStatus(name, status),
          },
        })
      );
    } catch (error) {
      progress.stop('failed');
      if (error instanceof UnknownGroupsError) throw unknownGroups(error);
      throw error;
    }
    const failed = result.groups.filter((g) => g.status === 'Failed');
    progress.stop(failed.length > 0 ? 'failed' : result.timedOut ? 'paused' : 'completed');
    this.render(result);
    const exitCode = failed.length > 0 ? 1 : result.timedOut ? TIMED_OUT : 0;
    if (exitCode !== 0) {
      const pending = result.groups.filter((g) => g.status !== 'Updated' && g.status !== 'Failed' && g.status !== 'Deleted');
      const error = failed.length > 0
        ? messages.createError('error.Failed', [failed.map((g) => g.name).join(', ')])
        : messages.createError('error.TimedOut', [pending.map((g) => `${g.name} (${g.status})`).join(', ')]);
      reportStop(this, error);
      process.exitCode = exitCode;
    }
    return result;
  }

  private render(result: PsgWaitResult): void {
    if (result.groups.length === 0) {
      this.log(messages.getMessage('info.NothingPending'));
      return;
    }
    this.table({
      data: result.groups.map((g) => ({ group: g.name, status: g.status, waited: `${g.waitedSeconds.toFixed(1)} s` })),
      columns: [
        { key: 'group', name: 'Group' },
        { key: 'status', name: 'Status' },
        { key: 'waited', name: 'Waited' },
      ],
    });
    const updated = result.groups.filter((g) => g.status === 'Updated').length;
    if (updated === result.groups.length) this.log(messages.getMessage('info.AllUpdated', [String(updated)]));
  }
}

function unknownGroups(error: UnknownGroupsError): Error {
  const names = error.unknown.map((u) => u.name).join(', ');
  const hints = error.unknown
    .map((u) => (u.ambiguous ? ` ${u.name} matches several namespaced groups: ${u.ambiguous}; give one as ns__Name.` : u.suggestions.length > 0 ? ` Did you mean ${u.suggestions.join(', ')}?` : ''))
    .join('');
  return messages.createError('error.UnknownGroup', [names, hints]);
}
