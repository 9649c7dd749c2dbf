/**
 * Whether a plan's deletes may run: the one rule of every command that removes access (unassign, assign --sync,
 * psl reclaim). Up to --max-deletes rows go ahead; more need a yes at a prompt, or --no-prompt where nobody can
 * answer one (a script, CI, --json). `--sync-scope all` removes assignments the input never named, so it always
 * asks (or needs --no-prompt), however few rows it deletes.
 */
export type DeleteGuardInput = {
  deletes: number;
  maxDeletes: number;
  noPrompt: boolean;
  /** A person can answer a prompt: stdin and stdout are terminals and --json is off. */
  interactive: boolean;
  /** The deletes reach beyond what the input names (`--sync-scope all`). */
  unnamed?: boolean;
};

export type DeleteGuardVerdict =
  | { verdict: 'proceed' }
  | { verdict: 'confirm'; why: 'overMax' | 'unnamed' }
  | { verdict: 'refuse'; why: 'overMax' | 'unnamed' };

export function guardDeletes(input: DeleteGuardInput): DeleteGuardVerdict {
  if (input.deletes === 0 || input.noPrompt) return { verdict: 'proceed' };
  const why = input.unnamed ? 'unnamed' : input.deletes > input.maxDeletes ? 'overMax' : undefined;
  if (!why) return { verdict: 'proceed' };
  return input.interactive ? { verdict: 'confirm', why } : { verdict: 'refuse', why };
}
