/**
 * A refusal of the user's input, carried as a message key of messages/permset.assign.md (or the command's own
 * bundle) and its tokens, so the command can render it with its Messages and actions. Raised before any write.
 */
export class InputError extends Error {
  public constructor(public readonly key: string, public readonly tokens: string[]) {
    super(`${key}: ${tokens.join(' | ')}`);
    this.name = 'InputError';
  }
}
