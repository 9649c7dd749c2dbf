import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOrg, userName } from '../../test/emulator/seeds/generate.js';
import { ALIAS, withOrg } from '../harness/bench-org.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type Scenario } from '../harness/types.js';

/** Peak memory of one CSV assignment run: the file is streamed, so memory should not grow with its rows. */
export const csvMemoryScenario: Scenario = {
  id: 'csv-memory',
  title: 'CSV memory',
  needs: ['permset assign'],
  async run(ctx) {
    const rows = ctx.quick ? 2000 : 100_000;
    ctx.log(`csv assignment of ${rows} rows (generating and seeding ${rows} users)`);
    const seed = generateOrg({ users: rows, permissionSets: 5, groups: 0, psls: 0, assignments: 0, inactiveShare: 0 });
    const set = seed.records!.PermissionSet.find((ps) => ps.LicenseId === undefined)!.Name as string;
    const measurement = await withOrg(ctx, seed, {}, async (org) => {
      const csv = join(org.home, 'assignments.csv');
      writeFileSync(csv, ['username,permissionSet', ...Array.from({ length: rows }, (_, i) => `${userName(i + 1)},${set}`), ''].join('\n'));
      let method = '';
      let peakKb = 0;
      const run = await org.measure(async () => {
        const result = await runNodeWithPeakMemory([join(ctx.root, 'bin', 'run.js'), 'permset', 'assign', '--file', csv, '--json', '--target-org', ALIAS], org.env(), ctx.root);
        method = result.method;
        peakKb = result.peakRssKb;
        return result;
      });
      if (run.code !== 0) throw new Error(`permset assign --file exited ${run.code}: ${run.stderr.slice(0, 600)}`);
      return { scenario: 'csv-memory', case: `${rows} rows`, tool: 'plugin' as const, command: 'sf permset assign --file assignments.csv', latencyMs: 0, requests: run.requests, writes: run.writes, wallMs: run.wallMs, exitCode: run.code, lowerBound: Math.ceil(rows / 200), extra: { peakRssMb: Math.round(peakKb / 1024), method } };
    });
    return {
      measurements: [measurement],
      section: {
        title: 'Peak memory of a CSV assignment',
        columns: ['file', 'peak RSS', 'wall', 'requests (writes)', 'fewest writes'],
        rows: [[measurement.case, `${measurement.extra.peakRssMb} MB`, `${seconds(measurement.wallMs)} s`, `${measurement.requests} (${measurement.writes})`, measurement.lowerBound]],
        notes: [`Peak resident set size of the whole node process, measured with ${measurement.extra.method}. The official command reads no files, so there is no peer column.`],
      },
    };
  },
};
