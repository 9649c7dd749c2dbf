import { ALL_FIELDS, largeUserSeed, OBJECTS } from '../../test/support/explain-seeds.js';
import { withOrg } from '../harness/bench-org.js';
import { seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

type Case = { label: string; sets: number; groups: number; args: string[]; allowed: number; rule: string };

const asked = (): string[] => [
  ...OBJECTS.flatMap((o) => ['--object', o]),
  ...OBJECTS.flatMap((o) => ALL_FIELDS[o].map((f) => `${o}.${f}`)).flatMap((f) => ['--field', f]),
  '--permission',
  'ModifyAllData',
];

/**
 * `sf permset explain` on one user holding many sets (issue 15): 10 objects and 50 fields asked with 40 sets and
 * 5 groups held must take at most 12 requests; the whole-user summary of a user with 100 sets under 20.
 */
export const explainScenario: Scenario = {
  id: 'explain',
  title: 'Permset explain',
  needs: ['permset explain'],
  async run(ctx) {
    const cases: Case[] = [
      { label: '10 objects + 50 fields + 1 permission asked; 40 sets + 5 groups held', sets: 40, groups: 5, args: asked(), allowed: 12, rule: '≤ 12' },
      { label: 'whole-user summary; 100 sets + 5 groups held', sets: 100, groups: 5, args: [], allowed: 19, rule: '< 20' },
    ];
    const measurements: Measurement[] = [];
    for (const c of ctx.quick ? cases.slice(0, 1) : cases) {
      ctx.log(`permset explain: ${c.label}`);
      await withOrg(ctx, largeUserSeed({ sets: c.sets, groups: c.groups }), {}, async (org) => {
        for (const latencyMs of [0, 50]) {
          await org.setLatency(latencyMs);
          const run = await org.run('plugin', ['permset', 'explain', '-u', 'big@test.org', ...c.args, '--json']);
          if (run.code !== 0) throw new Error(`permset explain exited ${run.code}: ${run.stdout.slice(0, 600)}${run.stderr.slice(0, 600)}`);
          measurements.push({ scenario: 'explain', case: c.label, tool: 'plugin', command: 'sf permset explain --json', latencyMs, requests: run.requests, writes: run.writes, wallMs: run.wallMs, exitCode: run.code, extra: { allowed: c.rule } });
        }
      });
    }
    return {
      measurements,
      section: {
        title: 'Permset explain',
        columns: ['case', 'latency', 'requests', 'allowed', 'wall'],
        rows: measurements.map((m) => [m.case, `${m.latencyMs} ms`, m.requests, m.extra?.allowed ?? '–', `${seconds(m.wallMs)} s`]),
        notes: [
          'Seeds from test/support/explain-seeds.ts (largeUserSeed: each set with rows on about 3 of the 10 objects and 5 of the 50 fields, each group 4 members and a mute, 20 more sets not assigned).',
          'Requests are all the emulator served during the run. After `sf org login` the CLI sends none of its own here; with a hand-written auth file (the command tests) its first run adds two (GET /services/data, an Organization query): 11 and 9. --compare-user adds two (the second user and their assignments).',
          'The describes travel in one composite batch: a POST that only reads, shown as the one "write" of the emulator\'s method statistics.',
          'No official command explains access, so there is no peer column.',
        ],
      },
    };
  },
};
