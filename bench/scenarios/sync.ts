import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrg, userName } from '../../test/emulator/seeds/generate.js';
import { ALIAS, withOrg, type BenchOrg } from '../harness/bench-org.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

/** Every this-many-th user is left out of the file: their assignment is what the sync removes. */
const UNLISTED_EVERY = 100;

/**
 * `permset assign --sync` on an org where every user holds one permission set and the file lists all but one in a
 * hundred: the whole plan (reads of every user and of every assignment of the set) is made before the first
 * write, so memory and requests are what this measures. Then the rerun, which must write nothing.
 */
export const syncScenario: Scenario = {
  id: 'sync',
  title: 'assign --sync',
  needs: ['permset assign'],
  async run(ctx) {
    const users = ctx.quick ? 2000 : Math.min(ctx.maxUsers ?? 100_000, 100_000);
    ctx.log(`assign --sync of ${users} users (generating and seeding ${users} users with one assignment each)`);
    const seed = generateOrg({ users, permissionSets: 5, groups: 0, psls: 0, assignments: 0, inactiveShare: 0 });
    const set = seed.records!.PermissionSet.find((ps) => ps.LicenseId === undefined)!;
    const userRows = seed.records!.User.filter((u) => u.Username !== seed.org?.username);
    seed.records!.PermissionSetAssignment = [
      ...(seed.records!.PermissionSetAssignment ?? []),
      ...userRows.map((u) => ({ AssigneeId: u.Id, PermissionSetId: set.Id })),
    ];
    const listed = Array.from({ length: users }, (_, i) => i + 1).filter((n) => n % UNLISTED_EVERY !== 0);
    const deletes = users - listed.length;
    const cwd = mkdtempSync(join(tmpdir(), 'permset-ops-bench-sync-'));
    try {
      const measurements = await withOrg(ctx, seed, {}, async (org) => {
        const csv = join(cwd, 'access.csv');
        writeFileSync(csv, ['username,permissionSet', ...listed.map((n) => `${userName(n)},${String(set.Name)}`), ''].join('\n'));
        const args = ['permset', 'assign', '--file', csv, '--sync', '--max-deletes', String(deletes), '--json', '--target-org', ALIAS];
        const first = await measured(org, ctx.root, args, cwd, `${users} users, ${deletes} unlisted: first run`);
        const rerun = await measured(org, ctx.root, args, cwd, `${users} users: rerun`);
        return [first, rerun];
      });
      const [first, rerun] = measurements;
      if (first.writes < Math.ceil(deletes / 200)) throw new Error(`the sync wrote ${first.writes} times for ${deletes} deletes`);
      if (rerun.writes !== 0) throw new Error(`the rerun wrote ${rerun.writes} times`);
      return {
        measurements,
        section: {
          title: 'Declarative sync (permset assign --sync)',
          columns: ['case', 'peak RSS', 'wall', 'requests (writes)', 'fewest writes'],
          rows: measurements.map((m) => [m.case, `${m.extra!.peakRssMb} MB`, `${seconds(m.wallMs)} s`, `${m.requests} (${m.writes})`, m.lowerBound ?? '']),
          notes: [
            `Every user holds ${String(set.Name)}; the file lists all but every ${UNLISTED_EVERY}th, so the sync removes ${deletes} assignments (ceil(${deletes}/200) delete requests) after reading every user of the file and every assignment of the set. Peak resident set size of the whole node process (${first.extra!.method}).`,
          ],
        },
      };
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  },
};

async function measured(org: BenchOrg, root: string, args: string[], cwd: string, label: string): Promise<Measurement> {
  let method = '';
  let peakKb = 0;
  const run = await org.measure(async () => {
    const result = await runNodeWithPeakMemory([join(root, 'bin', 'run.js'), ...args], org.env(), cwd);
    method = result.method;
    peakKb = result.peakRssKb;
    return result;
  });
  if (run.code !== 0) throw new Error(`permset assign --sync exited ${run.code}: ${run.stderr.slice(0, 600)}`);
  const deletes = Number((JSON.parse(run.stdout) as { result: { summary: { deleted: number } } }).result.summary.deleted);
  return {
    scenario: 'sync',
    case: label,
    tool: 'plugin',
    command: 'sf permset assign --file access.csv --sync',
    latencyMs: 0,
    requests: run.requests,
    writes: run.writes,
    wallMs: run.wallMs,
    exitCode: run.code,
    lowerBound: Math.ceil(deletes / 200),
    extra: { peakRssMb: Math.round(peakKb / 1024), method, deleted: deletes },
  };
}
