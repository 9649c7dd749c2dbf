import { join } from 'node:path';
import { expect } from 'chai';
import { startTestOrg, type TestOrg, writeCount } from '../support/org-harness.js';
import { gatewayOf } from '../support/removal-rows.js';
import { accessRows, reclaimOrg, reclaimable } from './reclaim-support.js';
import { goneWithoutBackup, readRemovalBackup } from './removal-support.js';

/** Waits until the emulator has served at least `writes` write requests. */
async function waitForWrites(org: TestOrg, writes: number): Promise<void> {
  while (writeCount(await org.stats()) < writes) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The access rows of the org as sorted "user|target" strings (Ids differ once rows are recreated). */
const rowsOf = async (org: TestOrg): Promise<string[]> => [...accessRows(await org.dump()).values()].sort();

/**
 * Issue 17: "A restore after a reclaim gives back exactly the earlier assignments", and reclaim killed mid-delete
 * (SIGKILL) then run again converges, with every gone row in the backup.
 */
describe('reliability: psl reclaim, interrupted and undone', function () {
  this.timeout(300_000);

  it('restore after a reclaim gives back exactly the earlier assignments and seats (the inactive users reactivated first)', async () => {
    const org = await startTestOrg(reclaimOrg({ inactive: 40, active: 10, idle: 20 }).build());
    try {
      const backup = join(org.home, 'reclaim.json');
      const before = await rowsOf(org);
      const usedBefore = (await org.dump()).records.PermissionSetLicense.map((l) => l.UsedLicenses);
      const reclaim = await org.run(['psl', 'reclaim', '--inactive', '--unneeded', '--no-prompt', '--backup-file', backup, '--json']);
      expect(reclaim.code, reclaim.stderr).to.equal(0);
      const reclaimed = await rowsOf(org);
      expect(before.filter((r) => reclaimable(r)).length).to.equal(40 * 2 + 20);
      expect(reclaimed).to.deep.equal(before.filter((r) => !reclaimable(r)));
      // Salesforce assigns nothing to an inactive user: the restore says so per row (exit 68) and writes only the rest.
      const early = await org.run(['permset', 'restore', '--file', backup, '--json']);
      expect(early.code, early.stderr).to.equal(68);
      expect(await rowsOf(org)).to.deep.equal([...reclaimed, ...before.filter((r) => r.startsWith('i') && reclaimable(r))].sort());
      const gateway = await gatewayOf(org);
      const inactive = (await org.dump()).records.User.filter((u) => u.IsActive === false).map((u) => ({ Id: String(u.Id), IsActive: true }));
      expect((await gateway.update('User', inactive)).every((o) => o.success)).to.equal(true);
      const restore = await org.run(['permset', 'restore', '--file', backup, '--json']);
      expect(restore.code, restore.stderr).to.equal(0);
      expect(await rowsOf(org)).to.deep.equal(before);
      expect((await org.dump()).records.PermissionSetLicense.map((l) => l.UsedLicenses)).to.deep.equal(usedBefore);
      await org.resetStats();
      const again = await org.run(['permset', 'restore', '--file', backup, '--json']);
      expect(again.code).to.equal(0);
      expect(writeCount(await org.stats()), 'a second restore writes nothing').to.equal(0);
    } finally {
      await org.stop();
    }
  });

  for (const writesBeforeKill of [2, 5]) {
    it(`SIGKILL after ${writesBeforeKill} delete requests, then a rerun: every reclaimable row gone, nothing else, all backed up`, async () => {
      const org = await startTestOrg(reclaimOrg({ inactive: 1_200, active: 50, idle: 400 }).build(), { latencyMs: 30 });
      try {
        const backup = join(org.home, 'reclaim.json');
        const before = await org.dump();
        const args = ['psl', 'reclaim', '--inactive', '--unneeded', '--no-prompt', '--backup-file', backup, '--json'];
        const running = org.spawn(args);
        await waitForWrites(org, writesBeforeKill);
        running.child.kill('SIGKILL');
        await running.done;
        // A request already on its way when the kill landed is still applied after the emulator's latency.
        await new Promise((resolve) => setTimeout(resolve, 150));
        const partly = [...accessRows(await org.dump()).values()].filter(reclaimable).length;
        expect(partly, 'the kill came mid-delete').to.be.greaterThan(0).and.lessThan(1_200 * 2 + 400);
        const rerun = await org.run(args);
        expect(rerun.code, rerun.stderr.slice(0, 1000)).to.equal(0);
        const after = await org.dump();
        const left = [...accessRows(after).values()];
        expect(left.filter(reclaimable)).to.deep.equal([]);
        expect(left.sort()).to.deep.equal([...accessRows(before).values()].filter((r) => !reclaimable(r)).sort());
        expect(goneWithoutBackup(before, after, [readRemovalBackup(backup)])).to.deep.equal([]);
      } finally {
        await org.stop();
      }
    });
  }
});
