import { join } from 'node:path';
import { expect } from 'chai';
import { startTestOrg, type CommandRun, type TestOrg } from '../support/org-harness.js';
import { comparable, retiredState } from './org-state.js';
import { itForSeedPairs } from './fault-seeds.js';
import { backupMismatches, describeRun, duplicates, legacyOrg, readBackupFile } from './retire-support.js';

/** A stopped run must tell the user that the same command continues it. */
const RESUME_HINT = /rerun the same command/i;

/**
 * Runs `args` under the current faults; a run that fails must exit non-zero saying how to resume, and the same
 * command then run without faults must finish. Returns what happened, for the summary.
 */
async function runOrResume(org: TestOrg, args: string[], faultSeed: number): Promise<'clean' | 'resumed'> {
  const first = await org.run(args);
  if (first.code === 0) return 'clean';
  expect(first.stderr, `a failed run says how to resume\n${describeRun(first)}`).to.match(RESUME_HINT);
  await org.control('faults', { rate: 0, seed: 1 });
  const rerun: CommandRun = await org.run(args);
  expect(rerun.code, `the same command without faults finishes (fault seed ${faultSeed})\n${describeRun(rerun)}`).to.equal(0);
  return 'resumed';
}

/**
 * Issue 8: with 10% injected faults (503, 500, connections dropped before or after the request is applied,
 * per-record UNABLE_TO_LOCK_ROW) and 50 ms latency, `psg retire` of a set in three groups with assignments ends in
 * the planned state with a complete backup, or exits non-zero saying how to resume and the same command finishes
 * without faults; `psg restore` from that backup, under the same faults, brings the org back as it was (record Ids
 * aside) or is finished the same way. No duplicate is ever created.
 */
describe('reliability: psg retire and restore under injected faults', function () {
  this.timeout(600_000);
  const seed = legacyOrg().build();
  const outcomes: string[] = [];
  after(() => {
    if (outcomes.length > 0) process.stdout.write(`      retire/restore outcomes: ${outcomes.join(', ')}\n`);
  });

  async function checkSeed(faultSeed: number): Promise<void> {
    const org = await startTestOrg(seed, { faultRate: 0.1, faultSeed, latencyMs: 50, recalcMs: 300 });
    try {
      const file = join(org.home, 'legacy-backup.json');
      const before = await org.dump();

      const retired = await runOrResume(org, ['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--backup-file', file, '--wait-seconds', '60'], faultSeed);
      const afterRetire = await org.dump();
      expect(duplicates(afterRetire)).to.deep.equal([]);
      expect(comparable(afterRetire), 'the set, its rows, components and assignments gone; nothing else changed').to.deep.equal(comparable(retiredState(before, 'Legacy')));
      expect(backupMismatches(readBackupFile(file), before, 'Legacy')).to.deep.equal([]);

      await org.control('faults', { rate: 0.1, seed: faultSeed });
      const restored = await runOrResume(org, ['psg', 'restore', '--file', file, '--wait-seconds', '60'], faultSeed);
      const afterRestore = await org.dump();
      expect(duplicates(afterRestore)).to.deep.equal([]);
      expect(comparable(afterRestore), 'the org as it was before the retirement, record Ids aside').to.deep.equal(comparable(before));
      outcomes.push(`${faultSeed}:${retired}/${restored}`);
    } finally {
      await org.stop();
    }
  }

  itForSeedPairs('retire reaches the planned state with a full backup, restore brings the org back', checkSeed);
});
