import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type OrgAuth = { username: string; orgId: string; accessToken: string; instanceUrl: string };

/**
 * Saves an sf CLI auth for the org under `home` the way `sf org login access-token` leaves it: the org's auth file
 * ~/.sfdx/<username>.json (owner-only) and the alias in ~/.sfdx/alias.json (other aliases kept). @salesforce/core
 * reads both, so `--target-org ALIAS` works from ./bin/run.js and from the real `sf` sharing that HOME.
 */
export function saveAuth(home: string, org: OrgAuth, alias: string): void {
  const sfdx = join(home, '.sfdx');
  mkdirSync(sfdx, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(sfdx, `${org.username}.json`),
    JSON.stringify({ username: org.username, orgId: org.orgId, accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.instanceUrl }, null, 2),
    { mode: 0o600 }
  );
  const aliasFile = join(sfdx, 'alias.json');
  let aliases: { orgs: Record<string, string> } = { orgs: {} };
  try {
    aliases = JSON.parse(readFileSync(aliasFile, 'utf8')) as typeof aliases;
    aliases.orgs ??= {};
  } catch {
    // no alias file yet
  }
  aliases.orgs[alias] = org.username;
  writeFileSync(aliasFile, JSON.stringify(aliases, null, 2), { mode: 0o600 });
}
