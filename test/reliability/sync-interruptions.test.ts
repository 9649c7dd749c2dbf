import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readBackup } from '../../src/io/backup-file.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount } from '../support/org-harness.js';
import { assignmentKeys, prng } from './org-state.js';
import { waitForProgress } from './progress.js';

const USERS = 2_000;
const KEPT = 100;

/**
 * Issue 17: `permset assign --sync` killed at any point (SIGKILL: no cleanup) and run again with the same
 * --backup-file ends in the file's state, and the backup then holds every row that is gone. Every user holds Alpha;
 * the file keeps Alpha for the first 100 and gives Beta to the first 1,000: 5 create requests, then 10 delete
 * requests (1,900 rows, 200 a request).
 */
describe('reliability: permset assign --sync interrupted', function () {
  this.timeout(300_000);
  const builder = new SeedBuilder().users('k', USERS).permissionSet('Alpha').permissionSet('Beta');
  for (let i = 1; i <= USERS; i++) builder.assign(`k${i}`, 'Alpha');
  const seed = builder.build();
  const desired = new Set<string>();
  const lines = ['username,permissionSet'];
  for (let i = 1; i <= USERS / 2; i++) {
    if (i <= KEPT) {
      desired.add(`k${i}@test.org|Alpha`);
      lines.push(`k${i}@test.org,Alpha`);
    }
    desired.add(`k${i}@test.org|Beta`);
    lines.push(`k${i}@test.org,Beta`);
  }
  const random = prng(17);
  // One kill while planning, one among the creates, the rest among the deletes.
  const killPoints = [0, 1 + Math.floor(random() * 4), ...Array.from({ length: 2 }, () => 6 + Math.floor(random() * 8))];

  for (const writesBeforeKill of killPoints) {
    it(`SIGKILL after ${writesBeforeKill} write requests, then a rerun: the file's state, every removed row in the backup`, async () => {
      const org = await startTestOrg(seed, { latencyMs: 30 });
      const dir = mkdtempSync(join(tmpdir(), 'permset-sync-kill-'));
      try {
        const file = join(dir, 'access.csv');
        const backupFile = join(dir, 'sync-backup.json');
        writeFileSync(file, `${lines.join('\n')}\n`);
        const args = ['permset', 'assign', '-f', file, '--sync', '--no-prompt', '--backup-file', backupFile, '--json'];
        const before = assignmentKeys(await org.dump()).keys;
        const running = org.spawn(args);
        await waitForProgress(org, writesBeforeKill);
        running.child.kill('SIGKILL');
        await running.done;
        // A request already on its way when the kill landed is still applied after the emulator's latency (30 ms).
        await new Promise((resolve) => setTimeout(resolve, 150));
        const atKill = await org.dump();
        // Past the 5 create requests the killed run had begun deleting (its backup written first).
        const removedAtKill = [...before].filter((k) => !assignmentKeys(atKill).keys.has(k)).length;
        if (writesBeforeKill > 5) expect(removedAtKill, 'rows removed before the kill').to.be.greaterThan(0);
        const rerun = await org.run(args, { cwd: dir });
        expect(rerun.code, rerun.stderr.slice(0, 1000)).to.equal(0);
        const { keys, duplicates } = assignmentKeys(await org.dump());
        expect(duplicates).to.deep.equal([]);
        expect([...keys].sort()).to.deep.equal([...desired].sort());
        const backup = await readBackup(backupFile);
        if (backup.operation !== 'sync') throw new Error(`backup of ${backup.operation}`);
        const backedUp = new Set(backup.removed.assignments.map((r) => `${r.username}|${r.targetName}`));
        expect([...before].filter((k) => !keys.has(k) && !backedUp.has(k))).to.deep.equal([]);
        await org.resetStats();
        const third = await org.run(args, { cwd: dir });
        expect(third.code).to.equal(0);
        expect(writeCount(await org.stats())).to.equal(0);
      } finally {
        await org.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
