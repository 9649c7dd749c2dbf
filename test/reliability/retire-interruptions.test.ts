import { existsSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { type RetireResult } from '../../src/services/retire/retire-service.js';
import { startTestOrg, writeCount, type CommandRun, type Dump, type EmulatorStats, type TestOrg } from '../support/org-harness.js';
import { comparable, retiredState } from './org-state.js';
import { backupMismatches, describeRun, duplicates, legacyOrg, readBackupFile } from './retire-support.js';

/** 250 direct assignments: two unassign requests (200 + 50), so a kill can land between them. */
const ASSIGNEES = 250;
const LATENCY_MS = 50;
/**
 * Long enough for a kill after the second status poll while the groups still recalculate: the polls go out at once,
 * after 2 s, then every 1.5 s, so the second one (at 2 s) still sees them Updating and the third (3.5 s) Updated.
 */
const RECALC_MS = 3_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Collections DELETEs: detach (1), unassign (2 and 3), the final delete (4). */
const deletes = (stats: EmulatorStats): number => stats.byEndpoint['DELETE /composite/sobjects'] ?? 0;
const queries = (stats: EmulatorStats): number => stats.byEndpoint['GET /query'] ?? 0;

/** Polls the emulator's counters (never blocking: the emulator serves from this process) until `ready` holds. */
async function waitForStats(org: TestOrg, ready: (stats: EmulatorStats) => boolean, what: string): Promise<EmulatorStats> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const stats = await org.stats();
    if (ready(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`never reached: ${what} (${JSON.stringify(stats.byEndpoint)})`);
    await sleep(5);
  }
}

/** Resolves as soon as `path` exists, woken by the file system (no polling delay). */
function whenFileAppears(path: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const watcher = watch(dirname(path), (_, name) => {
      if (name === basename(path) && existsSync(path)) {
        watcher.close();
        resolve();
      }
    });
    // Never what keeps the test process alive when the run ends without the file.
    watcher.unref();
  });
}

type Stage = {
  name: string;
  /** Waits until the run is at this stage (the kill follows at once). */
  reach(org: TestOrg, backupFile: string): Promise<void>;
  /**
   * Writes wait at the emulator's door until the kill, and are then dropped unapplied: the run's first write
   * follows the backup at once, so without the hold the kill would race it.
   */
  holdWrites?: boolean;
  /** What the org shows right after the kill, for the set Legacy (assignment count, components, set present). */
  expectAfterKill: { assignments: number; components: number; setPresent: boolean; writes?: number };
};

const STAGES: Stage[] = [
  {
    name: '(a) right after the backup file is written, before the first write',
    reach: (_org, backupFile) => whenFileAppears(backupFile),
    holdWrites: true,
    expectAfterKill: { assignments: ASSIGNEES, components: 3, setPresent: true, writes: 0 },
  },
  {
    name: '(b) during detach: the DELETE of the group components sent, its answer not yet back',
    async reach(org) {
      await waitForStats(org, (s) => deletes(s) >= 1, 'the detach request');
    },
    expectAfterKill: { assignments: ASSIGNEES, components: 0, setPresent: true },
  },
  {
    name: '(c) while waiting for the group recalculation (after the second status poll)',
    async reach(org) {
      const detached = await waitForStats(org, (s) => deletes(s) >= 1, 'the detach request');
      const before = queries(detached);
      await waitForStats(org, (s) => queries(s) >= before + 2, 'two status polls');
    },
    expectAfterKill: { assignments: ASSIGNEES, components: 0, setPresent: true },
  },
  {
    name: '(d) during assignment removal: the first 200 removed, 50 left',
    async reach(org) {
      await waitForStats(org, (s) => deletes(s) >= 2, 'the first unassign request');
    },
    expectAfterKill: { assignments: ASSIGNEES - 200, components: 0, setPresent: true },
  },
  {
    name: '(e) just before the final delete: every assignment removed, the set still there',
    async reach(org) {
      await waitForStats(org, (s) => deletes(s) >= 3, 'the last unassign request');
    },
    expectAfterKill: { assignments: 0, components: 0, setPresent: true },
  },
];

type RetireJson = { status: number; result: RetireResult };
const retireResult = (run: CommandRun): RetireResult => {
  if (!run.json) throw new Error(`not JSON: ${describeRun(run)}`);
  return (run.json as RetireJson).result;
};

function legacyNow(dump: Dump, setId: string): { assignments: number; components: number; setPresent: boolean } {
  return {
    assignments: dump.records.PermissionSetAssignment.filter((a) => a.PermissionSetId === setId).length,
    components: dump.records.PermissionSetGroupComponent.filter((c) => c.PermissionSetId === setId).length,
    setPresent: dump.records.PermissionSet.some((p) => p.Id === setId),
  };
}

/**
 * Issue 8: `psg retire` killed (SIGKILL: no cleanup at all) at each of its stages leaves a complete backup, and the
 * same command run again ends in the state of an uninterrupted run; a third run writes nothing, and a restore from
 * the backup puts the org back as it was. SIGINT stops between two requests and says so.
 */
describe('reliability: psg retire interrupted', function () {
  this.timeout(300_000);
  const seed = legacyOrg(ASSIGNEES).build();
  let org: TestOrg | undefined;
  afterEach(async () => {
    await org?.stop();
    org = undefined;
  });

  /** After the interruption: the backup, the rerun, an idle third run, then a restore back to `before`. */
  async function finishAndRestore(started: TestOrg, backupFile: string, before: Dump, resumed: boolean): Promise<void> {
    expect(backupMismatches(readBackupFile(backupFile), before, 'Legacy'), 'the backup holds the whole set as it was').to.deep.equal([]);
    const command = ['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--backup-file', backupFile, '--wait-seconds', '60', '--json'];
    const rerun = await started.run(command);
    expect(rerun.code, describeRun(rerun)).to.equal(0);
    expect(retireResult(rerun)).to.include({ status: 'retired', resumed });
    expect(retireResult(rerun).groups.map((g) => [g.name, g.status])).to.deep.equal([
      ['G1', 'Updated'],
      ['G2', 'Updated'],
      ['G3', 'Updated'],
    ]);
    const retired = await started.dump();
    expect(duplicates(retired)).to.deep.equal([]);
    expect(comparable(retired), 'the state of an uninterrupted run').to.deep.equal(comparable(retiredState(before, 'Legacy')));
    expect(backupMismatches(readBackupFile(backupFile), before, 'Legacy'), 'the rerun kept the whole backup').to.deep.equal([]);

    await started.resetStats();
    const third = await started.run(command);
    expect(third.code, describeRun(third)).to.equal(0);
    expect(retireResult(third).status).to.equal('alreadyRetired');
    expect(writeCount(await started.stats()), 'a third run writes nothing').to.equal(0);

    const restored = await started.run(['psg', 'restore', '--file', backupFile, '--wait-seconds', '60']);
    expect(restored.code, describeRun(restored)).to.equal(0);
    const back = await started.dump();
    expect(duplicates(back)).to.deep.equal([]);
    expect(comparable(back), 'the org as it was before the retirement, record Ids aside').to.deep.equal(comparable(before));
  }

  /** Starts the retirement, waits for `stage`, kills it (SIGKILL) and checks what the org shows right after. */
  async function killAt(started: TestOrg, stage: Stage, backupFile: string, setId: string): Promise<void> {
    if (stage.holdWrites) await started.control('hold', { writes: true });
    const reached = stage.reach(started, backupFile);
    const running = started.spawn(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--backup-file', backupFile, '--wait-seconds', '60', '--json']);
    await Promise.race([reached, running.done.then((run) => Promise.reject(new Error(`the run ended before the stage: ${describeRun(run)}`)))]);
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.code, 'killed, not finished').to.not.equal(0);
    if (stage.holdWrites) await started.control('hold', { writes: false, drop: true });
    // A request already on its way when the kill landed is still applied after the emulator's latency.
    await sleep(LATENCY_MS * 4);
    const { writes, ...expected } = stage.expectAfterKill;
    expect(legacyNow(await started.dump(), setId)).to.deep.equal(expected);
    if (writes !== undefined) expect(writeCount(await started.stats()), 'no write reached the org before the kill').to.equal(writes);
  }

  for (const stage of STAGES) {
    it(`SIGKILL ${stage.name}: complete backup, the rerun finishes exactly, a third run writes nothing, restore brings it back`, async () => {
      org = await startTestOrg(seed, { latencyMs: LATENCY_MS, recalcMs: RECALC_MS });
      const before = await org.dump();
      const setId = String(before.records.PermissionSet.find((p) => p.Name === 'Legacy')!.Id);
      // The kill right after the backup appears is the one that would catch a half-written file: tried three times
      // (nothing reached the org, so each try starts afresh with its own file); each backup must be whole.
      const tries = stage === STAGES[0] ? 3 : 1;
      let backupFile = '';
      for (let i = 1; i <= tries; i++) {
        backupFile = join(org.home, `legacy-backup-${i}.json`);
        await killAt(org, stage, backupFile, setId);
        if (i < tries) expect(backupMismatches(readBackupFile(backupFile), before, 'Legacy'), `backup of try ${i}`).to.deep.equal([]);
      }
      const { components, assignments } = stage.expectAfterKill;
      await finishAndRestore(org, backupFile, before, components < 3 || assignments !== ASSIGNEES);
    });
  }

  it('SIGINT stops between two requests and says so; the same command finishes and a restore brings the org back', async () => {
    org = await startTestOrg(seed, { latencyMs: LATENCY_MS, recalcMs: RECALC_MS });
    const before = await org.dump();
    const setId = String(before.records.PermissionSet.find((p) => p.Name === 'Legacy')!.Id);
    const backupFile = join(org.home, 'legacy-backup.json');
    const running = org.spawn(['psg', 'retire', '-n', 'Legacy', '--remove-assignments', '--backup-file', backupFile, '--wait-seconds', '60']);
    await waitForStats(org, (s) => deletes(s) >= 1, 'the detach request');
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code, describeRun(stopped)).to.not.equal(0);
    expect(stopped.stderr).to.include('Interrupted between two requests');
    expect(stopped.stderr).to.match(/Rerun the same command/);
    const now = legacyNow(await org.dump(), setId);
    expect(now, 'stopped after the detach, before anything else').to.deep.equal({ assignments: ASSIGNEES, components: 0, setPresent: true });
    await finishAndRestore(org, backupFile, before, true);
  });
});
