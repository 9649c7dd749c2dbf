import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type TestOrg, writeCount } from '../support/org-harness.js';
import { assignmentKeys, prng } from './org-state.js';
import { goneWithoutBackup, readRemovalBackup } from './removal-support.js';

const USERS = 2_000;

/** Waits until the emulator has served at least `writes` write requests. */
async function waitForWrites(org: TestOrg, writes: number): Promise<void> {
  for (;;) {
    if (writeCount(await org.stats()) >= writes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Issue 17: `permset unassign` killed mid-delete (SIGKILL: no cleanup at all) and run again with the same
 * --backup-file converges on the planned state, and the backup holds every row that is gone.
 */
describe('reliability: permset unassign interrupted', function () {
  this.timeout(300_000);
  const builder = new SeedBuilder().users('k', USERS).permissionSet('Alpha').permissionSet('Beta');
  for (let i = 1; i <= USERS; i++) builder.assign(`k${i}`, 'Alpha').assign(`k${i}`, 'Beta');
  const seed = builder.build();
  const lines = ['username,permissionSet', ...Array.from({ length: USERS }, (_, i) => `k${i + 1}@test.org,Alpha`)];
  const random = prng(17);
  // The run deletes in 10 requests of 200: kill points spread over them.
  const killPoints = Array.from({ length: 3 }, () => 1 + Math.floor(random() * 8));

  for (const writesBeforeKill of killPoints) {
    it(`SIGKILL after ${writesBeforeKill} delete requests, then a rerun: every Alpha row gone, Beta untouched, all backed up`, async () => {
      const org = await startTestOrg(seed, { latencyMs: 30 });
      try {
        const file = join(org.home, 'rows.csv');
        const backup = join(org.home, 'unassign.json');
        writeFileSync(file, `${lines.join('\n')}\n`);
        const before = await org.dump();
        const args = ['permset', 'unassign', '-f', file, '--no-prompt', '--backup-file', backup, '--json'];
        const running = org.spawn(args);
        await waitForWrites(org, writesBeforeKill);
        running.child.kill('SIGKILL');
        await running.done;
        // A request already on its way when the kill landed is still applied after the emulator's latency (30 ms).
        await new Promise((resolve) => setTimeout(resolve, 150));
        const partly = assignmentKeys(await org.dump()).keys;
        expect([...partly].filter((k) => k.endsWith('|Alpha')).length, 'the kill came mid-delete').to.be.greaterThan(0).and.lessThan(USERS);
        const rerun = await org.run(args);
        expect(rerun.code, rerun.stderr.slice(0, 1000)).to.equal(0);
        const after = await org.dump();
        const { keys } = assignmentKeys(after);
        expect([...keys].filter((k) => k.endsWith('|Alpha'))).to.deep.equal([]);
        expect([...keys].filter((k) => k.endsWith('|Beta')).length).to.equal(USERS);
        expect(goneWithoutBackup(before, after, [readRemovalBackup(backup)])).to.deep.equal([]);
        await org.resetStats();
        const third = await org.run(args);
        expect(third.code).to.equal(0);
        expect(writeCount(await org.stats())).to.equal(0);
      } finally {
        await org.stop();
      }
    });
  }
});
