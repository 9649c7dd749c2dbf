import { expect } from 'chai';
import { type GroupWaitResult as PsgWaitResult } from '../../src/services/wait/psg-wait-service.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, writeCount, type CommandRun, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: PsgWaitResult; warnings?: Array<{ message: string } | string>; message?: string };
const out = (run: CommandRun): JsonOut => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return run.json as JsonOut;
};
const statuses = (result: PsgWaitResult): Record<string, string> => Object.fromEntries(result.groups.map((g) => [g.name, g.status]));

/**
 * Groups: Ready (Updated), Fast (recalculating: 1 s plus 0 assignees), Slow (recalculating: 1 s plus 3 assignees x
 * 1 s), Broken (its recalculation ends Failed). recalcMsPerAssignee makes the lengths differ, as big groups do.
 */
function seed(options: { broken?: boolean } = {}): SeedBuilder {
  const builder = new SeedBuilder()
    .users('rep', 3)
    .permissionSet('A')
    .permissionSet('B')
    .group('Ready', ['A'])
    .group('Fast', ['A'], { __recalcOnStart: true })
    .group('Slow', ['B'], { __recalcOnStart: true })
    .assignGroup('rep1', 'Ready')
    .assignGroup('rep1', 'Slow')
    .assignGroup('rep2', 'Slow')
    .assignGroup('rep3', 'Slow');
  return options.broken ? builder.group('Broken', ['B'], { __recalcOnStart: true, __failRecalc: true }) : builder;
}

describe('sf psg wait (against the emulator)', function () {
  this.timeout(120_000);
  let org: TestOrg | undefined;
  afterEach(async () => {
    await org?.stop();
    org = undefined;
  });
  const wait = (args: string[]): Promise<CommandRun> => org!.run(['psg', 'wait', ...args]);

  it('without --group waits for every group not Updated now, names them first, and ends when the slowest is Updated', async () => {
    // Fast 5 s, Slow 8 s: longer than a command's start, even on a busy machine.
    org = await startTestOrg(seed().build(), { recalcMs: 5_000, recalcMsPerAssignee: 1_000 });
    const run = await wait([]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Waiting for 2 permission set group\(s\): Fast, Slow\./);
    expect(run.stdout).to.include('2 permission set group(s) Updated.');
    expect(run.stdout).to.not.include('Ready');
    const json = await wait(['--json']);
    expect(json.code).to.equal(0);
    expect(out(json).result).to.deep.equal({ groups: [], timedOut: false });
    expect(writeCount(await org.stats())).to.equal(0);
  });

  it('with --group waits for the named groups only, and --json gives each one Status and how long it was waited for', async () => {
    // Fast 5 s, Slow 11 s.
    org = await startTestOrg(seed().build(), { recalcMs: 5_000, recalcMsPerAssignee: 2_000 });
    const run = await wait(['-g', 'Fast,Ready', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { result } = out(run);
    expect(result.timedOut).to.equal(false);
    expect(statuses(result)).to.deep.equal({ Fast: 'Updated', Ready: 'Updated' });
    const fast = result.groups.find((g) => g.name === 'Fast')!;
    expect(fast.id).to.match(/^0PG/);
    expect(fast.waitedSeconds).to.be.greaterThan(0).and.lessThan(6);
    expect(result.groups.find((g) => g.name === 'Ready')!.waitedSeconds).to.equal(0);
    // Slow was not asked for: still recalculating (11 s) when the wait for Fast ended.
    const dump = await org.dump();
    expect(dump.records.PermissionSetGroup.find((g) => g.DeveloperName === 'Slow')!.Status).to.not.equal('Updated');
  });

  it('polls only the groups still pending, all in one query per poll', async () => {
    // Fast 3 s, Slow 6 s.
    org = await startTestOrg(seed().build(), { recalcMs: 3_000, recalcMsPerAssignee: 1_000 });
    const run = await wait(['-g', 'Fast', '-g', 'Slow', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const stats = await org.stats();
    const queries = Object.entries(stats.byEndpoint).filter(([endpoint]) => endpoint.includes('query')).reduce((n, [, count]) => n + count, 0);
    // One read of the groups, then one status query per poll for at most ~6 s of waiting: at most one a second.
    expect(queries).to.be.within(2, 9);
  });

  it('exits 1 naming a group whose recalculation Failed during the wait, with what to check, and waits on for the others', async () => {
    // Broken fails at 4 s; Slow is Updated at 10 s.
    org = await startTestOrg(seed({ broken: true }).build(), { recalcMs: 4_000, recalcMsPerAssignee: 2_000 });
    const run = await wait(['-g', 'Broken,Slow', '--json']);
    expect(run.code).to.equal(1);
    const { result, warnings } = out(run);
    expect(statuses(result)).to.deep.equal({ Broken: 'Failed', Slow: 'Updated' });
    const waited = Object.fromEntries(result.groups.map((g) => [g.name, g.waitedSeconds]));
    expect(waited.Broken).to.be.lessThan(waited.Slow);
    expect(JSON.stringify(warnings)).to.include('Recalculation Failed for Broken.');
    const human = await wait(['-g', 'Broken']);
    expect(human.code).to.equal(1);
    expect(human.stderr).to.include('Recalculation Failed for Broken.');
    expect(human.stderr).to.match(/permission sets was deleted or changed/);
    expect(human.stdout).to.match(/Broken\s+│?\s*Failed/);
  });

  it('exits 69 when the wait ends with groups still recalculating, listing them with their Status; the same command then finishes', async () => {
    // Slow 15 s; both timed-out runs start at once, well inside it.
    org = await startTestOrg(seed().build(), { recalcMs: 12_000, recalcMsPerAssignee: 1_000 });
    const [run, json] = await Promise.all([wait(['-g', 'Slow', '--wait-seconds', '1']), wait(['-g', 'Slow', '--wait-seconds', '0', '--json'])]);
    expect(run.code).to.equal(69);
    expect(run.stderr).to.match(/Still recalculating when the wait ended: Slow \((Outdated|Updating)\)\./);
    expect(json.code).to.equal(69);
    expect(out(json).result.timedOut).to.equal(true);
    const again = await wait(['-g', 'Slow', '--json']);
    expect(again.code, again.stderr).to.equal(0);
    expect(statuses(out(again).result)).to.deep.equal({ Slow: 'Updated' });
  });

  it('ends at once on a terminal-like run (not CI) when no group is pending: no progress display is left running', async () => {
    // Outside CI the multi-stage display ticks a clock that keeps the process alive until stopped; a run that waits
    // for nothing must never start one (it used to hang here for minutes).
    org = await startTestOrg(new SeedBuilder().permissionSet('A').group('Ready', ['A']).build(), { recalcMs: 60_000 });
    // MSO_DISABLE_CI_MODE: the library's own switch to draw as on a terminal, whatever CI variables say.
    const run = await org.run(['psg', 'wait'], { env: { MSO_DISABLE_CI_MODE: 'true' } });
    expect(run.code, run.stderr).to.equal(0);
    const stdout = run.stdout;
    expect(stdout).to.include('Every permission set group is Updated: nothing to wait for.');
  });

  it('--wait 0 checks once: exit 0 when every group is Updated', async () => {
    org = await startTestOrg(seed().build(), { recalcMs: 60_000 });
    const run = await wait(['-g', 'Ready', '--wait', '0', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    expect(statuses(out(run).result)).to.deep.equal({ Ready: 'Updated' });
  });

  it('refuses an unknown group before waiting, naming it and the closest existing ones', async () => {
    org = await startTestOrg(seed().build(), { recalcMs: 60_000 });
    const run = await wait(['-g', 'Fats,Ready']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('No permission set group named Fats in this org. Did you mean Fast?');
    const stats = await org.stats();
    expect(writeCount(stats)).to.equal(0);
  });

  it('refuses a negative or non-numeric --wait, writing nothing', async () => {
    org = await startTestOrg(seed().build(), { recalcMs: 60_000 });
    await org.resetStats();
    const negative = await wait(['--wait', '-1']);
    expect(negative.code).to.not.equal(0);
    expect(negative.stderr).to.include('--wait must be between 0 and 1440 minutes; got -1.');
    const text = await wait(['--wait', 'soon']);
    expect(text.code).to.not.equal(0);
    expect(text.stderr).to.match(/--wait|wait/);
    expect(writeCount(await org.stats())).to.equal(0);
  });
});
