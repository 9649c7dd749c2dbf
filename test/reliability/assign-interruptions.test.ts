import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount } from '../support/org-harness.js';
import { assignmentKeys, prng } from './org-state.js';
import { waitForProgress } from './progress.js';

const USERS = 2_000;
const SETS = ['Alpha', 'Beta'];

/**
 * Issue 8: a run killed at any point (SIGKILL: no cleanup at all) and run again ends in the same state as an
 * uninterrupted run; SIGINT stops between two requests and says so.
 */
describe('reliability: permset assign interrupted', function () {
  this.timeout(300_000);
  const seed = new SeedBuilder().users('k', USERS).permissionSet('Alpha').permissionSet('Beta').build();
  const requested = new Set<string>();
  const lines = ['username,permissionSet'];
  for (let i = 1; i <= USERS; i++) {
    for (const set of SETS) {
      requested.add(`k${i}@test.org|${set}`);
      lines.push(`k${i}@test.org,${set}`);
    }
  }
  const random = prng(8);
  // One kill while reading, then kill points spread over the 20 write requests of the run.
  const killPoints = [0, ...Array.from({ length: 3 }, () => 1 + Math.floor(random() * 18))];

  for (const writesBeforeKill of killPoints) {
    it(`SIGKILL after ${writesBeforeKill} write requests, then a rerun: the same state as an uninterrupted run`, async () => {
      const org = await startTestOrg(seed, { latencyMs: 30 });
      try {
        const file = join(org.home, 'rows.csv');
        writeFileSync(file, `${lines.join('\n')}\n`);
        const running = org.spawn(['permset', 'assign', '-f', file, '--json']);
        await waitForProgress(org, writesBeforeKill);
        running.child.kill('SIGKILL');
        await running.done;
        const rerun = await org.run(['permset', 'assign', '-f', file, '--json']);
        expect(rerun.code, rerun.stderr.slice(0, 1000)).to.equal(0);
        const { keys, duplicates } = assignmentKeys(await org.dump());
        expect(duplicates).to.deep.equal([]);
        expect([...keys].sort()).to.deep.equal([...requested].sort());
        await org.resetStats();
        const third = await org.run(['permset', 'assign', '-f', file, '--json']);
        expect(third.code).to.equal(0);
        expect(writeCount(await org.stats())).to.equal(0);
      } finally {
        await org.stop();
      }
    });
  }

  it('stops between two requests on SIGINT, says what to do, and a rerun finishes the job', async () => {
    const org = await startTestOrg(seed, { latencyMs: 30 });
    try {
      const file = join(org.home, 'rows.csv');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const running = org.spawn(['permset', 'assign', '-f', file]);
      await waitForProgress(org, 3);
      running.child.kill('SIGINT');
      const stopped = await running.done;
      expect(stopped.code).to.not.equal(0);
      expect(stopped.stderr).to.include('Interrupted between two requests');
      const { keys } = assignmentKeys(await org.dump());
      expect(keys.size).to.be.greaterThan(0).and.lessThan(requested.size);
      // It says what it did: every record it reports saved is in the org, and nothing else is.
      const saved = /after ([\d,]+) record\(s\) were saved/.exec(stopped.stderr.replace(/\s+/g, ' '));
      expect(saved, stopped.stderr).to.not.equal(null);
      expect(Number(saved![1].replace(/,/g, ''))).to.equal(keys.size);
      const rerun = await org.run(['permset', 'assign', '-f', file, '--json']);
      expect(rerun.code).to.equal(0);
      expect(assignmentKeys(await org.dump()).keys.size).to.equal(requested.size);
    } finally {
      await org.stop();
    }
  });
});
