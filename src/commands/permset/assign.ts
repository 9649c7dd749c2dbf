import { Messages, StateAggregator } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Duration } from '@salesforce/kit';
import { InputError } from '../../io/input-error.js';
import { type Blocker } from '../../planning/assignment/types.js';
import { parseExpiration } from '../../planning/input/expiration-input.js';
import { assignPermissions, type AssignmentSource } from '../../services/assign/assign-service.js';
import { holds, type AssignResult } from '../../services/assign/results.js';
import { csvSource, flagSource } from '../../services/assign/sources.js';
import { runWithGateway } from '../../shared/run-with-gateway.js';
import { checkWait } from '../../shared/wait-flag.js';
import { problemRows, sessionBasedTargets, summaryLine, targetRows } from '../../ui/assign-tables.js';
import { printedPlainJson } from '../../shared/plain-json.js';
import { HeapKeeper } from '../../shared/heap-keeper.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'permset.assign');

export type PermsetAssignResult = AssignResult;

/** Writes below this many are quick enough that a progress bar would only flicker. */
const PROGRESS_FROM = 400;

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
  };

  private progressShown = false;

  /** Large results reach pipes and files without the colouring pass (see src/shared/plain-json.ts). */
  public logJson(json: unknown): void {
    if (!printedPlainJson(json)) super.logJson(json);
  }

  public async run(): Promise<PermsetAssignResult> {
    const { flags } = await this.parse(PermsetAssign);
    checkWait(flags.wait, 120);
    const source = await this.sourceFrom(flags);
    const heap = new HeapKeeper();
    const describe = (b: Blocker): string => messages.getMessage(`reason.${b.reason}${b.variant ? `.${b.variant}` : ''}`, b.tokens);
    const result = await runWithGateway(flags['target-org'], flags['api-version'], (gateway) =>
      assignPermissions(gateway, source, {
        dryRun: flags['dry-run'],
        waitMs: (flags.wait ?? Duration.minutes(5)).milliseconds,
        describe,
        events: {
          onWrite: (done, total) => this.showProgress(done, total),
          onGroupStatus: (group, status) => this.log(`Permission set group ${group}: ${status}`),
          onBatch: () => heap.betweenBatches(),
        },
      })
    );
    if (this.progressShown) this.progress.finish();
    this.render(result);
    const holding = result.assignments.filter((a) => holds(a.action)).length;
    if (holding < result.assignments.length) process.exitCode = holding === 0 ? 1 : 68;
    return result;
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
    const aliases = (await StateAggregator.getInstance()).aliases;
    const given = flags['on-behalf-of']?.length ? flags['on-behalf-of'] : [flags['target-org'].getUsername() ?? ''];
    return flagSource({
      users: given.map((u) => aliases.resolveUsername(u.trim())),
      permissionSets: (flags.name ?? []).map((n) => n.trim()).filter(Boolean),
      groups: (flags.group ?? []).map((g) => g.trim()).filter(Boolean),
      expiration: expiration.wish,
    });
  }

  private showProgress(done: number, total: number): void {
    if (this.jsonEnabled() || total < PROGRESS_FROM) return;
    if (!this.progressShown) this.progress.start(total, {}, { title: 'Writing assignments' });
    this.progressShown = true;
    this.progress.update(done);
  }

  private render(result: AssignResult): void {
    this.log(summaryLine(result));
    const targets = targetRows(result, messages.getMessage('info.SessionBasedColumn'));
    if (targets.length > 0) this.table({ data: targets });
    const problems = problemRows(result);
    if (problems.length > 0) this.table({ data: problems, title: 'Not assigned' });
    const sessions = [...sessionBasedTargets(result).values()];
    if (sessions.length > 0) this.warn(messages.getMessage('warning.SessionBased', [sessions.join(', ')]));
    for (const s of result.summary.licenseShortfalls) {
      this.warn(messages.getMessage('info.Shortfall', [s.license, String(s.free), String(s.missing)]));
    }
    if (result.summary.dryRun) this.log(messages.getMessage('info.DryRun'));
  }
}

async function runInputStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) throw messages.createError(error.key, error.tokens);
    throw error;
  }
}
