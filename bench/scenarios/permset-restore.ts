import { join } from 'node:path';
import { type Seed } from '../../test/emulator/index.js';
import { backUpAndRemove, gatewayOf, readRemovable } from '../../test/support/removal-rows.js';
import { SeedBuilder } from '../../test/support/seed-builder.js';
import { type RemovalRestoreResult } from '../../src/services/restore/restore-results.js';
import { ALIAS, type BenchOrg, withOrg } from '../harness/bench-org.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type BenchContext, type Measurement, type Scenario, type Section } from '../harness/types.js';

/** Records an sObject Collections create takes. */
const COLLECTION = 200;
const ORG_ID = '00D5g00000RESTOEA5';

type Removed = { seats: number; assignments: number };

/**
 * `sf permset restore` of one large removal backup, then its rerun. N users each hold a seat of one license, a set
 * needing it, a set with an expiration and a group; all of it goes into one reclaim backup, written and deleted as
 * the removal commands do it (test/support/removal-rows.ts). Asserted on every run: each row created, the creates
 * ceil(seats / 200) + ceil(assignments / 200) (seats first, then set and group assignments together), by the
 * emulator's count and by the command's own; the rerun finds every row present and writes nothing.
 */
export const permsetRestoreScenario: Scenario = {
  id: 'permset-restore',
  title: 'Restore of a removal backup',
  needs: ['permset restore'],
  async run(ctx) {
    const sizes = (ctx.quick ? [1000] : [1000, 10_000]).filter((n) => ctx.maxUsers === undefined || n <= ctx.maxUsers);
    const measurements: Measurement[] = [];
    for (const users of sizes) {
      ctx.log(`permset restore of ${users} users' seats and assignments (seeding, backing up and removing them)`);
      await withOrg(ctx, seedOf(users), {}, async (org) => {
        const file = join(org.home, 'reclaim.json');
        const gateway = await gatewayOf(org.emulator);
        const removed = await readRemovable(gateway);
        await backUpAndRemove(gateway, file, 'reclaim', ORG_ID, removed);
        const kinds = { seats: removed.licenseAssignments.length, assignments: removed.assignments.length };
        measurements.push(await measureRun(ctx, org, file, users, kinds, 'restore'));
        measurements.push(await measureRun(ctx, org, file, users, kinds, 'rerun'));
      });
    }
    return { measurements, section: sectionOf(measurements) };
  },
};

function seedOf(users: number): Seed {
  const seed = new SeedBuilder()
    .psl('Crm', users + 10)
    .permissionSet('Sales')
    .permissionSet('Crm_User', { LicenseId: 'ref:Crm' })
    .permissionSet('Service')
    .group('Team', ['Service']);
  for (let i = 1; i <= users; i++) {
    seed.user(`u${i}`).holdPsl(`u${i}`, 'Crm').assign(`u${i}`, 'Crm_User').assign(`u${i}`, 'Sales', { ExpirationDate: '@now+30d' }).assignGroup(`u${i}`, 'Team');
  }
  const built = seed.build();
  return { ...built, org: { ...built.org, orgId: ORG_ID } };
}

/** One run of the compiled command, wrapped for peak memory, checked before it is reported. */
async function measureRun(ctx: BenchContext, org: BenchOrg, file: string, users: number, kinds: Removed, which: 'restore' | 'rerun'): Promise<Measurement> {
  let method = '';
  let peakKb = 0;
  const args = [join(ctx.root, 'bin', 'run.js'), 'permset', 'restore', '--file', file, '--json', '--target-org', ALIAS];
  const run = await org.measure(async () => {
    const result = await runNodeWithPeakMemory(args, org.env(), org.home);
    method = result.method;
    peakKb = result.peakRssKb;
    return result;
  });
  const result = (run.json as { result?: RemovalRestoreResult } | undefined)?.result;
  if (run.code !== 0 || !result) throw new Error(`permset restore (${which}) exited ${run.code}: ${run.stderr.slice(0, 600)}`);
  const rows = kinds.seats + kinds.assignments;
  const writes = which === 'restore' ? createRequests(kinds) : 0;
  const s = result.summary;
  expectEqual(s.total, rows, `${which}: rows in the backup`);
  expectEqual(which === 'restore' ? s.created : s.present, rows, `${which}: rows ${which === 'restore' ? 'created' : 'present'}`);
  expectEqual(run.writes, writes, `${which}: writes the emulator served`);
  expectEqual(s.requests.writes, writes, `${which}: writes the command counted`);
  expectEqual(s.requests.retries, 0, `${which}: retries`);
  return {
    scenario: 'permset-restore',
    case: `${users.toLocaleString('en-US')} users, ${which}`,
    tool: 'plugin',
    command: 'sf permset restore --file reclaim.json --json',
    latencyMs: 0,
    requests: run.requests,
    writes: run.writes,
    wallMs: run.wallMs,
    exitCode: run.code,
    lowerBound: writes,
    extra: { ...kinds, rows, created: s.created, present: s.present, reads: s.requests.reads, peakRssMb: Math.round(peakKb / 1024), method },
  };
}

const createRequests = (kinds: Removed): number => Math.ceil(kinds.seats / COLLECTION) + Math.ceil(kinds.assignments / COLLECTION);

function expectEqual(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`permset restore: ${what} ${actual}, expected ${expected}`);
}

function sectionOf(measurements: Measurement[]): Section {
  return {
    title: 'Restore of a removal backup: sf permset restore',
    columns: ['org, run', 'rows (seats + assignments)', 'created / present', 'writes (ceil(seats / 200) + ceil(assignments / 200))', 'reads', 'all requests', 'wall', 'peak RSS'],
    rows: measurements.map((m) => {
      const x = m.extra!;
      return [
        m.case,
        `${Number(x.rows).toLocaleString('en-US')} (${Number(x.seats).toLocaleString('en-US')} + ${Number(x.assignments).toLocaleString('en-US')})`,
        `${Number(x.created).toLocaleString('en-US')} / ${Number(x.present).toLocaleString('en-US')}`,
        `${m.writes} (${m.lowerBound ?? '–'})`,
        x.reads,
        m.requests,
        `${seconds(m.wallMs)} s`,
        `${x.peakRssMb} MB`,
      ];
    }),
    notes: [
      'Each user holds a seat of one license, a set needing it, a set with an expiration 30 days out and a group; every row goes into one reclaim backup (written with the plugin\'s backup writer, then deleted with its delete executor), which the compiled command restores twice, no latency.',
      `Seats are created first, then the set and group assignments, 200 a request, 4 at a time; the rerun reads the org, finds every row present and writes nothing. Reads are the command's own count (--json summary.requests); all requests are what the emulator served. Wall time includes process start-up; peak RSS of the node process, measured with ${String(measurements[0]?.extra?.method ?? '–')}.`,
    ],
  };
}
