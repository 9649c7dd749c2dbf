import { generateOrg } from '../../test/emulator/seeds/generate.js';
import { withOrg } from '../harness/bench-org.js';
import { seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

/**
 * `sf psl report` on generated orgs of 1,000 and 100,000 users: the request count must not grow with the users
 * (issue 6: at most 10 + 2 × licenses without --details). No official command reports PSL usage.
 */
export const pslReportScenario: Scenario = {
  id: 'psl-report',
  title: 'PSL report',
  needs: ['psl report'],
  async run(ctx) {
    const sizes = ctx.quick ? [1000] : [1000, 100_000];
    const measurements: Measurement[] = [];
    for (const users of sizes) {
      ctx.log(`psl report on ${users} users (generating and seeding the org)`);
      const seed = generateOrg({ users });
      const licenses = seed.records?.PermissionSetLicense?.length ?? 0;
      await withOrg(ctx, seed, {}, async (org) => {
        for (const latencyMs of [0, 50]) {
          await org.setLatency(latencyMs);
          const run = await org.run('plugin', ['psl', 'report', '--json']);
          if (run.code !== 0 && run.json === undefined) throw new Error(`psl report exited ${run.code}: ${run.stderr.slice(0, 600)}`);
          measurements.push({ scenario: 'psl-report', case: `${users} users, ${licenses} PSLs`, tool: 'plugin', command: 'sf psl report --json', latencyMs, requests: run.requests, writes: run.writes, wallMs: run.wallMs, exitCode: run.code, extra: { allowed: 10 + 2 * licenses } });
        }
      });
    }
    return {
      measurements,
      section: {
        title: 'PSL report',
        columns: ['org', 'latency', 'requests', 'allowed (10 + 2 × licenses)', 'wall'],
        rows: measurements.map((m) => [m.case, `${m.latencyMs} ms`, m.requests, m.extra?.allowed ?? '–', `${seconds(m.wallMs)} s`]),
        notes: ['Orgs from test/emulator/seeds/generate.ts (deterministic). No official command reports permission set license usage, so there is no peer column.'],
      },
    };
  },
};
