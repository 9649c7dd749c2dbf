import { Messages, type SfError } from '@salesforce/core';
import { Flags, type SfCommand } from '@salesforce/sf-plugins-core';
import { BackupError } from '../io/backup-file.js';
import { guardDeletes } from '../planning/removal/delete-guard.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const removal = Messages.loadMessages('plugin-permset-ops', 'removal');
const backup = Messages.loadMessages('plugin-permset-ops', 'backup');

/** The default --max-deletes: more rows than this need a yes at a prompt, or --no-prompt. */
export const DEFAULT_MAX_DELETES = 50;

/**
 * The flags every command that deletes access shares (unassign, assign --sync, psl reclaim): the backup file and
 * the delete guard. Each command passes its own message bundle, so its help words them for what it removes.
 */
export function removalFlags(messages: Messages<string>) {
  return {
    'backup-file': Flags.file({ summary: messages.getMessage('flags.backup-file.summary'), description: removal.getMessage('flags.backup-file.description') }),
    'max-deletes': Flags.integer({ summary: messages.getMessage('flags.max-deletes.summary'), min: 0, default: DEFAULT_MAX_DELETES }),
    'no-prompt': Flags.boolean({ summary: removal.getMessage('flags.no-prompt.summary'), default: false }),
  };
}

export type GuardRequest = {
  deletes: number;
  maxDeletes: number;
  noPrompt: boolean;
  /** `--sync-scope all`: deletes of assignments the input never named. */
  unnamed?: boolean;
  /** What the rows are, for the prompt and the error ("assignments"), and one of them ("assignment"). */
  what: string;
  whatOne?: string;
};

/**
 * Applies the delete guard before the first write: returns when the deletes may run, asks when a person can answer,
 * and otherwise throws an error that says how many rows and how to allow them. Nothing is written before this.
 */
export async function confirmDeletes(command: SfCommand<unknown>, request: GuardRequest): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !command.jsonEnabled();
  const verdict = guardDeletes({ ...request, interactive });
  if (verdict.verdict === 'proceed') return;
  const count = String(request.deletes);
  const what = request.deletes === 1 && request.whatOne ? request.whatOne : request.what;
  const max = String(request.maxDeletes);
  if (verdict.verdict === 'refuse') {
    throw verdict.why === 'unnamed'
      ? removal.createError('error.UnnamedNeedsNoPrompt', [count, what])
      : removal.createError('error.TooManyDeletes', [count, what, max], [count]);
  }
  const message =
    verdict.why === 'unnamed' ? removal.getMessage('prompt.ConfirmUnnamed', [count, what]) : removal.getMessage('prompt.ConfirmDeletes', [count, what, max]);
  // A minute to answer; no answer is a no.
  if (!(await command.confirm({ message, ms: 60_000, defaultAnswer: false }))) throw removal.createError('error.NotConfirmed', [count, what]);
}

/** A refusal about a backup file (reading or writing it), worded for any command that writes or reads backups. */
export function backupErrorOf(error: BackupError): SfError {
  return backup.createError(error.key, error.tokens);
}

/** Runs `step`, turning a BackupError into its message. */
export async function withBackupErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof BackupError) throw backupErrorOf(error);
    throw error;
  }
}
