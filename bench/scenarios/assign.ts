import { SeedBuilder } from '../../test/support/seed-builder.js';
import { type BenchOrg, type TimedRun, withOrg } from '../harness/bench-org.js';
import { assignmentLowerBound } from '../harness/lower-bound.js';
import { ratio, seconds } from '../harness/measure.js';
import { type BenchContext, type Measurement, type Scenario, type ScenarioResult } from '../harness/types.js';

/** users × (permission sets, groups): the sizes issue 7 names; quick mode keeps the smallest. */
type Size = { users: number; sets: string[]; groups: string[] };
const FULL: Size[] = [
  { users: 10, sets: ['Bench_A'], groups: [] },
  { users: 100, sets: ['Bench_A', 'Bench_B'], groups: [] },
  { users: 1000, sets: ['Bench_A', 'Bench_B'], groups: ['Bench_Group'] },
  { users: 5000, sets: ['Bench_A'], groups: [] },
];
const QUICK: Size[] = [FULL[0]];
const LATENCIES = [0, 50];
/** Each comma-joined --on-behalf-of value stays far below Linux's 128 KB limit for one argument. */
const USERS_PER_FLAG = 1000;

const username = (i: number): string => `bench${i}@test.org`;
const range = (from: number, count: number): string[] => Array.from({ length: count }, (_, k) => username(from + k));

/** The official command takes one -b per user and one -n per name (a group by its aggregate set's Name). */
function officialArgs(size: Size, users: string[]): string[] {
  return ['org', 'assign', 'permset', ...[...size.sets, ...size.groups].flatMap((n) => ['-n', n]), ...users.flatMap((u) => ['-b', u]), '--json'];
}

function pluginArgs(size: Size, users: string[]): string[] {
  const chunks: string[] = [];
  for (let k = 0; k < users.length; k += USERS_PER_FLAG) chunks.push('-b', users.slice(k, k + USERS_PER_FLAG).join(','));
  return ['permset', 'assign', ...(size.sets.length ? ['-n', size.sets.join(',')] : []), ...(size.groups.length ? ['-g', size.groups.join(',')] : []), ...chunks, '--json'];
}

const label = (size: Size): string => `${size.users} × ${size.sets.length}${size.groups.length ? ` (+${size.groups.length} group)` : ''}`;
const command = (size: Size, tool: 'official' | 'plugin'): string =>
  tool === 'official' ? `sf org assign permset ${[...size.sets, ...size.groups].map((n) => `-n ${n}`).join(' ')} -b … (×${size.users})` : `sf permset assign -n ${size.sets.join(',')}${size.groups.length ? ` -g ${size.groups.join(',')}` : ''} -b …`;

/**
 * One org per size, with a block of fresh users for each (latency, tool): every first run starts from the same
 * state (nothing assigned), and the two tools never see each other's assignments.
 */
function seedFor(size: Size): ReturnType<SeedBuilder['build']> {
  return new SeedBuilder().users('bench', size.users * 2 * LATENCIES.length).permissionSet('Bench_A').permissionSet('Bench_B').permissionSet('Bench_Member').group('Bench_Group', ['Bench_Member']).build();
}

type Pair = { first: TimedRun; rerun: TimedRun };

async function runTool(org: BenchOrg, tool: 'official' | 'plugin', args: string[]): Promise<Pair> {
  const first = await org.run(tool, args);
  // A first run that fails would time an error path, not an assignment: stop the benchmark instead.
  if (first.code !== 0) throw new Error(`${tool} first run exited ${first.code}: ${(first.stderr || first.stdout).slice(0, 800)}`);
  const rerun = await org.run(tool, args);
  return { first, rerun };
}

function toMeasurements(size: Size, latencyMs: number, runs: Record<'official' | 'plugin', Pair>, bounds: { first: number; rerun: number }): Measurement[] {
  return (['official', 'plugin'] as const).flatMap((tool) =>
    (['first', 'rerun'] as const).map((which) => {
      const r = runs[tool][which];
      return { scenario: 'assign', case: `${label(size)}, ${which === 'first' ? 'first run' : 'rerun'}`, tool, command: command(size, tool), latencyMs, requests: r.requests, writes: r.writes, wallMs: r.wallMs, exitCode: r.code, lowerBound: bounds[which] };
    })
  );
}

async function runSize(ctx: BenchContext, size: Size): Promise<Measurement[]> {
  const pairs = size.users * (size.sets.length + size.groups.length);
  const bound = assignmentLowerBound(range(1, size.users), { sets: size.sets.length > 0, groups: size.groups.length > 0 }, pairs);
  const bounds = { first: bound.total, rerun: bound.reads };
  return withOrg(ctx, seedFor(size), {}, async (org) => {
    const measurements: Measurement[] = [];
    for (const [index, latencyMs] of LATENCIES.entries()) {
      await org.setLatency(latencyMs);
      const base = 1 + index * 2 * size.users;
      ctx.log(`assign ${label(size)} at ${latencyMs} ms`);
      const official = await runTool(org, 'official', officialArgs(size, range(base, size.users)));
      const plugin = await runTool(org, 'plugin', pluginArgs(size, range(base + size.users, size.users)));
      measurements.push(...toMeasurements(size, latencyMs, { official, plugin }, bounds));
    }
    return measurements;
  });
}

function section(measurements: Measurement[]): ScenarioResult['section'] {
  const rows: Array<Array<string | number>> = [];
  const key = (m: Measurement): string => `${m.case}@${m.latencyMs}`;
  const official = new Map(measurements.filter((m) => m.tool === 'official').map((m) => [key(m), m]));
  for (const ours of measurements.filter((m) => m.tool === 'plugin')) {
    const peer = official.get(key(ours))!;
    rows.push([
      ours.case,
      `${ours.latencyMs} ms`,
      `${peer.requests} / ${seconds(peer.wallMs)} s`,
      `${ours.requests} / ${seconds(ours.wallMs)} s`,
      ours.lowerBound ?? '–',
      ratio(peer.requests, ours.requests),
      ratio(peer.wallMs, ours.wallMs),
    ]);
  }
  return {
    title: 'Assignment: sf org assign permset vs sf permset assign',
    columns: ['users × targets, run', 'latency', 'sf org assign permset: requests / wall', 'sf permset assign: requests / wall', 'lower bound (requests)', 'requests ratio', 'time ratio'],
    rows,
    notes: [
      'Lower bound: ceil(pairs / 200) collection writes (none on a rerun) plus the reads a plan needs: users by username and their existing assignments (each split only by the 16,384-byte URI limit), one lookup for the permission sets, two for groups (the groups and their components).',
      'The official command takes a group by its aggregate permission set name (-n Bench_Group). On a rerun it fails every pair as a duplicate (non-zero exit); ours reports them unchanged and exits 0.',
      'Our plugin runs as node bin/run.js (the same code `sf permset assign` loads once linked).',
    ],
  };
}

export const assignScenario: Scenario = {
  id: 'assign',
  title: 'Assignment',
  needs: ['permset assign'],
  async run(ctx) {
    const measurements: Measurement[] = [];
    for (const size of (ctx.quick ? QUICK : FULL).filter((s) => s.users <= (ctx.maxUsers ?? Infinity))) measurements.push(...(await runSize(ctx, size)));
    return { measurements, section: section(measurements) };
  },
};
