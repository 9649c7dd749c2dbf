import { join } from 'node:path';
import { SeedBuilder } from '../../test/support/seed-builder.js';
import { type TimedRun, withOrg } from '../harness/bench-org.js';
import { seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

const GROUPS = 3;

/** A permission set in three groups, assigned directly to 20 of 30 users and through the groups to the rest. */
function seed(): ReturnType<SeedBuilder['build']> {
  const builder = new SeedBuilder().users('r', 30).permissionSet('Legacy_Set');
  for (let g = 1; g <= GROUPS; g++) builder.permissionSet(`Keep_${g}`).group(`Team_${g}`, [`Keep_${g}`, 'Legacy_Set']);
  for (let i = 1; i <= 30; i++) {
    if (i <= 20) builder.assign(`r${i}`, 'Legacy_Set');
    else builder.assignGroup(`r${i}`, `Team_${1 + (i % GROUPS)}`);
  }
  return builder.build();
}

/** Status polls: queries sent after the first delete (the detach) and before the next write. */
function pollsOf(run: TimedRun): number {
  const first = run.timeline.findIndex((r) => r.method === 'DELETE');
  if (first < 0) return 0;
  const rest = run.timeline.slice(first + 1);
  const end = rest.findIndex((r) => r.method !== 'GET');
  return (end < 0 ? rest : rest.slice(0, end)).filter((r) => r.endpoint.startsWith('/query')).length;
}

/**
 * `sf psg retire`: end-to-end time against the groups' recalculation time (issue 5: within the slowest
 * recalculation + one poll interval + 1 s). No official command does this; the manual way is several deploys.
 */
export const psgRetireScenario: Scenario = {
  id: 'psg-retire',
  title: 'PSG retire',
  needs: ['psg retire'],
  async run(ctx) {
    const cases = ctx.quick ? [{ recalcMs: 2000, latencyMs: 0 }] : [2000, 10_000, 60_000].map((recalcMs) => ({ recalcMs, latencyMs: 50 }));
    const measurements: Measurement[] = [];
    for (const { recalcMs, latencyMs } of cases) {
      ctx.log(`psg retire with recalculation ${recalcMs} ms at ${latencyMs} ms latency`);
      await withOrg(ctx, seed(), { recalcMs, latencyMs }, async (org) => {
        const backup = join(org.home, 'retire-backup.json');
        const run = await org.run('plugin', ['psg', 'retire', '--name', 'Legacy_Set', '--remove-assignments', '--backup-file', backup, '--json']);
        if (run.code !== 0) throw new Error(`psg retire exited ${run.code}: ${(run.stderr || run.stdout).slice(0, 800)}`);
        const polls = pollsOf(run);
        measurements.push({ scenario: 'psg-retire', case: `${GROUPS} groups, recalculation ${recalcMs} ms`, tool: 'plugin', command: 'sf psg retire --name Legacy_Set --remove-assignments', latencyMs, requests: run.requests, writes: run.writes, wallMs: run.wallMs, exitCode: run.code, extra: { recalcMs, polls, overheadMs: run.wallMs - recalcMs } });
      });
    }
    return {
      measurements,
      section: {
        title: 'PSG retire: end-to-end time vs recalculation time',
        columns: ['case', 'latency', 'recalculation', 'sf psg retire wall', 'over recalculation', 'requests (writes)', 'status polls'],
        rows: measurements.map((m) => [m.case, `${m.latencyMs} ms`, `${seconds(Number(m.extra?.recalcMs))} s`, `${seconds(m.wallMs)} s`, `${seconds(Number(m.extra?.overheadMs))} s`, `${m.requests} (${m.writes})`, m.extra?.polls ?? 0]),
        notes: ['Status polls: queries between the detach (first delete) and the next write. Wall time includes process start. No official command retires a permission set out of groups.'],
      },
    };
  },
};
