import { StateAggregator } from '@salesforce/core';

/**
 * The users of -b/--on-behalf-of as `permset assign` reads them: CLI aliases (sf alias set) become their usernames,
 * anything else is taken as a username or a 005 Id; without the flag, the target org's own user.
 */
export async function onBehalfOf(given: readonly string[] | undefined, orgUsername: string | undefined): Promise<string[]> {
  const aliases = (await StateAggregator.getInstance()).aliases;
  const users = given?.length ? given : [orgUsername ?? ''];
  return users.map((u) => aliases.resolveUsername(u.trim()));
}
