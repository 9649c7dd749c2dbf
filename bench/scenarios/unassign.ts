import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOrg, userName } from '../../test/emulator/seeds/generate.js';
import { ALIAS, type BenchOrg, withOrg } from '../harness/bench-org.js';
import { assignmentLowerBound } from '../harness/lower-bound.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type BenchContext, type Measurement, type Scenario } from '../harness/types.js';

/**
 * `sf permset unassign --file` over every user of a generated org, each holding the one set named: every batch is
 * planned before the first delete (the --max-deletes guard needs the total), then 200 deletes a request; a rerun
 * deletes nothing. Peak memory of the whole process, since a 100,000-row file must not be held as objects.
 */
async function measureRun(ctx: BenchContext, org: BenchOrg, csv: string, which: 'first run' | 'rerun', rows: number): Promise<Measurement> {
  let method = '';
  let peakKb = 0;
  const args = [join(ctx.root, 'bin', 'run.js'), 'permset', 'unassign', '--file', csv, '--no-prompt', '--json', '--target-org', ALIAS];
  const run = await org.measure(async () => {
    // The backup goes to the org's scratch HOME, never into the repository.
    const result = await runNodeWithPeakMemory(args, org.env(), org.home);
    method = result.method;
    peakKb = result.peakRssKb;
    return result;
  });
  if (run.code !== 0) throw new Error(`permset unassign --file (${which}) exited ${run.code}: ${run.stderr.slice(0, 600)}`);
  const bound = assignmentLowerBound(
    Array.from({ length: rows }, (_, i) => userName(i + 1)),
    { sets: true, groups: false },
    which === 'first run' ? rows : 0
  );
  return {
    scenario: 'unassign',
    case: `${rows} rows, ${which}`,
    tool: 'plugin',
    command: 'sf permset unassign --file leavers.csv --no-prompt',
    latencyMs: 0,
    requests: run.requests,
    writes: run.writes,
    wallMs: run.wallMs,
    exitCode: run.code,
    lowerBound: bound.total,
    extra: { peakRssMb: Math.round(peakKb / 1024), method, deletes: run.byEndpoint['DELETE /composite/sobjects'] ?? 0 },
  };
}

export const unassignScenario: Scenario = {
  id: 'unassign',
  title: 'Bulk removal',
  needs: ['permset unassign'],
  async run(ctx) {
    const rows = ctx.quick ? 2000 : 100_000;
    ctx.log(`unassign of ${rows} rows (generating and seeding ${rows} users with one assignment each)`);
    const seed = generateOrg({ users: rows, permissionSets: 5, groups: 0, psls: 0, assignments: 0, inactiveShare: 0 });
    const set = seed.records!.PermissionSet.find((ps) => ps.LicenseId === undefined)!;
    const users = seed.records!.User.filter((u) => u.Username !== seed.org?.username);
    seed.records!.PermissionSetAssignment = users.map((u) => ({ AssigneeId: u.Id, PermissionSetId: set.Id, ExpirationDate: '@now+30d' }));
    const measurements = await withOrg(ctx, seed, {}, async (org) => {
      const csv = join(org.home, 'leavers.csv');
      writeFileSync(csv, ['username,permissionSet', ...Array.from({ length: rows }, (_, i) => `${userName(i + 1)},${String(set.Name)}`), ''].join('\n'));
      return [await measureRun(ctx, org, csv, 'first run', rows), await measureRun(ctx, org, csv, 'rerun', rows)];
    });
    return {
      measurements,
      section: {
        title: 'Bulk removal: sf permset unassign --file',
        columns: ['file, run', 'requests (writes)', 'lower bound (requests)', 'delete requests', 'peak RSS', 'wall'],
        rows: measurements.map((m) => [m.case, `${m.requests} (${m.writes})`, m.lowerBound ?? '–', m.extra!.deletes, `${m.extra!.peakRssMb} MB`, `${seconds(m.wallMs)} s`]),
        notes: [
          'Every row is planned (users and their assignments read per batch of 5,000 rows) before the first delete, because --max-deletes needs the total; then the backup of every row is written and the deletes go 200 Ids a request, 4 at a time. The rerun finds nothing to delete: no write, no backup.',
          `Lower bound as for assign: the users by username and their assignments (URI-chunked), one lookup for the set, ceil(rows / 200) deletes. Peak resident set size of the node process, measured with ${String(measurements[0].extra!.method)}. The official CLI has no command that removes assignments.`,
        ],
      },
    };
  },
};
