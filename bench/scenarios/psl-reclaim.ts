import { join } from 'node:path';
import { generateOrg } from '../../test/emulator/seeds/generate.js';
import { type Seed } from '../../test/emulator/index.js';
import { type PslReclaimResult } from '../../src/services/psl/reclaim-result.js';
import { ALIAS, type BenchOrg, type TimedRun, withOrg } from '../harness/bench-org.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type Measurement, type Scenario, type Section } from '../harness/types.js';

/** Rows a query page holds (the emulator's default, as on a real org; the plugin asks for no other batch size). */
const PAGE = 2000;
/** Records an sObject Collections delete takes. */
const COLLECTION = 200;

type Consumers = Map<string, { sets: boolean; groups: boolean }>;

/**
 * `sf psl reclaim --inactive` on generated orgs (20 PSLs): every inactive holder's seats, after the assignments
 * that need them. Asserted on every run: the delete requests are ceil(assignments / 200) + ceil(seats / 200) (each
 * kind needs at least its own ceiling, so an equal sum means each kind took exactly that), and the reads equal a
 * count made only from the licenses and the rows to delete (readsFor), so they cannot depend on the users the
 * run does not touch. Two org sizes show the same. Peak memory of the real run through GNU time (or VmHWM).
 */
export const pslReclaimScenario: Scenario = {
  id: 'psl-reclaim',
  title: 'PSL reclaim',
  needs: ['psl reclaim'],
  async run(ctx) {
    const sizes = ctx.quick ? [1000] : [10_000, 100_000];
    const measurements: Measurement[] = [];
    for (const users of sizes) {
      ctx.log(`psl reclaim --inactive on ${users} users (generating and seeding the org)`);
      const seed = generateOrg({ users });
      const licenses = seed.records?.PermissionSetLicense?.length ?? 0;
      const consumers = consumersOf(seed);
      await withOrg(ctx, seed, {}, async (org) => {
        const dry = await org.run('plugin', ['psl', 'reclaim', '--inactive', '--dry-run', '--json']);
        const plan = resultOf(dry, 'dry run');
        const planReads = readsFor(plan, consumers);
        expectEqual(plan.requests.reads, planReads, 'dry-run reads');
        const real = await reclaimMeasured(ctx.root, org);
        const done = resultOf(real.run, 'run');
        checkRun(done, real.run, planReads);
        const rerun = await org.run('plugin', ['psl', 'reclaim', '--inactive', '--json', '--backup-file', join(org.home, 'reclaim.json')]);
        expectEqual(rerun.writes, 0, 'rerun writes');
        const assignments = done.totals.deleted.assignments;
        const seats = done.totals.deleted.seats;
        measurements.push({
          scenario: 'psl-reclaim',
          case: `${users.toLocaleString('en-US')} users, ${licenses} PSLs`,
          tool: 'plugin',
          command: 'sf psl reclaim --inactive --no-prompt --json',
          latencyMs: 0,
          requests: real.run.requests,
          writes: real.run.writes,
          wallMs: real.run.wallMs,
          exitCode: real.run.code,
          lowerBound: deleteRequests(assignments, seats),
          extra: {
            assignments,
            seats,
            reads: done.requests.reads,
            expectedReads: planReads + 2,
            deletes: countDeletes(real.run),
            peakRssMb: Math.round(real.peakKb / 1024),
            method: real.method,
            dryRunWallMs: dry.wallMs,
            rerunWrites: rerun.writes,
            usedBefore: done.licenses.reduce((n, l) => n + l.usedBefore, 0),
            usedAfter: done.licenses.reduce((n, l) => n + l.usedAfter, 0),
          },
        });
      });
    }
    return { measurements, section: sectionOf(measurements) };
  },
};

/** The real run, wrapped for peak memory, its backup in the bench HOME. */
async function reclaimMeasured(root: string, org: BenchOrg): Promise<{ run: TimedRun; peakKb: number; method: string }> {
  let peakKb = 0;
  let method = '';
  const args = [join(root, 'bin', 'run.js'), 'psl', 'reclaim', '--inactive', '--no-prompt', '--json', '--backup-file', join(org.home, 'reclaim.json'), '--target-org', ALIAS];
  const run = await org.measure(async () => {
    const measured = await runNodeWithPeakMemory(args, org.env(), org.home);
    peakKb = measured.peakRssKb;
    method = measured.method;
    return measured;
  });
  return { run, peakKb, method };
}

function checkRun(done: PslReclaimResult, run: TimedRun, planReads: number): void {
  if (run.code !== 0) throw new Error(`psl reclaim exited ${run.code}: ${run.stderr.slice(0, 600)}`);
  const { assignments, seats } = done.totals.deleted;
  expectEqual(assignments + seats, done.totals.rows, 'rows deleted');
  expectEqual(countDeletes(run), deleteRequests(assignments, seats), 'delete requests');
  expectEqual(done.requests.retries, 0, 'retries');
  // The plan's reads, the preflight and the UsedLicenses read after the deletes.
  expectEqual(done.requests.reads, planReads + 2, 'reads');
}

const deleteRequests = (assignments: number, seats: number): number => Math.ceil(assignments / COLLECTION) + Math.ceil(seats / COLLECTION);
const countDeletes = (run: TimedRun): number => run.timeline.filter((r) => r.method === 'DELETE').length;
const pages = (rows: number): number => Math.max(1, Math.ceil(rows / PAGE));

/**
 * The reads a plan needs, from the licenses and the rows it deletes only: the licenses, the consumer sets and the
 * group components (3), then per license the inactive seats (its pages) and, where it has inactive seats, the
 * direct and the group assignments that need it (their pages; none without consumer sets or groups).
 */
function readsFor(plan: PslReclaimResult, consumers: Consumers): number {
  let reads = 3;
  for (const license of plan.licenses) {
    reads += pages(license.planned.inactiveSeats);
    if (license.planned.inactiveSeats === 0) continue;
    const mine = plan.rows.filter((r) => r.kind === 'assignment' && r.licenses.includes(license.developerName));
    const has = consumers.get(license.id) ?? { sets: false, groups: false };
    if (has.sets) reads += pages(mine.filter((r) => r.permissionSet !== undefined).length);
    if (has.groups) reads += pages(mine.filter((r) => r.permissionSetGroup !== undefined).length);
  }
  return reads;
}

/** Which licenses have consumer sets (LicenseId) and groups including one, from the seed. */
function consumersOf(seed: Seed): Consumers {
  const records = seed.records ?? {};
  const licenseOfSet = new Map((records.PermissionSet ?? []).filter((s) => typeof s.LicenseId === 'string').map((s) => [String(s.Id), String(s.LicenseId)]));
  const consumers: Consumers = new Map();
  const entry = (license: string): { sets: boolean; groups: boolean } => consumers.get(license) ?? consumers.set(license, { sets: false, groups: false }).get(license)!;
  for (const license of licenseOfSet.values()) entry(license).sets = true;
  for (const component of records.PermissionSetGroupComponent ?? []) {
    const license = licenseOfSet.get(String(component.PermissionSetId));
    if (license) entry(license).groups = true;
  }
  return consumers;
}

function resultOf(run: TimedRun, what: string): PslReclaimResult {
  const result = (run.json as { result?: PslReclaimResult } | undefined)?.result;
  if (!result) throw new Error(`psl reclaim (${what}) exited ${run.code} without a result: ${run.stderr.slice(0, 600)}`);
  return result;
}

function expectEqual(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`psl reclaim: ${what} ${actual}, expected ${expected}`);
}

function sectionOf(measurements: Measurement[]): Section {
  return {
    title: 'PSL reclaim',
    columns: ['org', 'deleted (assignments + seats)', 'delete requests (ceil(assignments / 200) + ceil(seats / 200))', 'reads (expected)', 'all requests', 'seats used before → after', 'wall', 'peak RSS', 'rerun writes'],
    rows: measurements.map((m) => {
      const x = m.extra ?? {};
      return [
        m.case,
        `${Number(x.assignments).toLocaleString('en-US')} + ${Number(x.seats).toLocaleString('en-US')}`,
        `${x.deletes} (${Math.ceil(Number(x.assignments) / COLLECTION)} + ${Math.ceil(Number(x.seats) / COLLECTION)})`,
        `${x.reads} (${x.expectedReads})`,
        m.requests,
        `${Number(x.usedBefore).toLocaleString('en-US')} → ${Number(x.usedAfter).toLocaleString('en-US')}`,
        `${seconds(m.wallMs)} s`,
        `${x.peakRssMb} MB`,
        x.rerunWrites,
      ];
    }),
    notes: [
      'Orgs from test/emulator/seeds/generate.ts (deterministic: 5 % of users inactive, keeping their assignments and seats), no latency; every inactive holder\'s seats of the 20 PSLs, with --no-prompt.',
      'Reads are the plugin\'s own count (--json requests.reads): 3 + per license the inactive seats\' pages and, where there are some, the pages of the direct and group assignments that need the license, + the preflight + one UsedLicenses read after. The expected figure is computed from the licenses and the deleted rows only, so the other users cannot change it. All requests: every request the emulator served during the run (the reads and the deletes). Wall time includes process start-up; peak RSS is the whole node process\'s.',
      'No official command removes permission set license seats, so there is no peer column.',
    ],
  };
}
