/**
 * Not a test: the requests `sf permset restore` sends for a large removal backup, and for its rerun. N users each
 * hold a seat of one license, a set needing it, a set with an expiration and a group; all of it goes into one
 * reclaim backup (written and deleted as the removal commands do it), then the compiled command restores it twice.
 * Run (after npm run build): node --import tsx bench/restore-requests.ts [users]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestOrg } from '../test/support/org-harness.js';
import { backUpAndRemove, gatewayOf, readRemovable } from '../test/support/removal-rows.js';
import { SeedBuilder } from '../test/support/seed-builder.js';

const ORG_ID = '00D5g00000RESTOEA5';

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 1000);
  const seed = new SeedBuilder().psl('Crm', users + 10).permissionSet('Sales').permissionSet('Crm_User', { LicenseId: 'ref:Crm' }).permissionSet('Service').group('Team', ['Service']);
  for (let i = 1; i <= users; i++) seed.user(`u${i}`).holdPsl(`u${i}`, 'Crm').assign(`u${i}`, 'Crm_User').assign(`u${i}`, 'Sales', { ExpirationDate: '@now+30d' }).assignGroup(`u${i}`, 'Team');
  const built = seed.build();
  const org = await startTestOrg({ ...built, org: { ...built.org, orgId: ORG_ID } });
  const folder = mkdtempSync(join(tmpdir(), 'restore-requests-'));
  try {
    const file = join(folder, 'reclaim.json');
    const gateway = await gatewayOf(org);
    const removed = await readRemovable(gateway);
    await backUpAndRemove(gateway, file, 'reclaim', ORG_ID, removed);
    const rows = removed.assignments.length + removed.licenseAssignments.length;
    for (const run of ['restore', 'rerun']) {
      await org.resetStats();
      const begun = performance.now();
      const done = await org.run(['permset', 'restore', '--file', file, '--json']);
      const ms = Math.round(performance.now() - begun);
      const stats = await org.stats();
      process.stdout.write(`${JSON.stringify({ run, users, rows, exit: done.code, ms, requests: stats.byEndpoint })}\n`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await org.stop();
  }
}

void main();
