import { SeedBuilder } from '../../test/support/seed-builder.js';
import { withOrg } from '../harness/bench-org.js';
import { median, ratio, seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

/** Both CLIs' start-up cost: `--help` loads the command without touching the org. */
export const coldStartScenario: Scenario = {
  id: 'cold-start',
  title: 'Cold start',
  needs: ['permset assign'],
  async run(ctx) {
    const runs = ctx.quick ? 3 : 9;
    const commands = { official: ['org', 'assign', 'permset', '--help'], plugin: ['permset', 'assign', '--help'] } as const;
    const measurements = await withOrg(ctx, new SeedBuilder().build(), {}, async (org) => {
      const out: Measurement[] = [];
      for (const tool of ['official', 'plugin'] as const) {
        ctx.log(`cold start ${tool} × ${runs}`);
        const times: number[] = [];
        for (let k = 0; k < runs; k++) {
          const run = await org.run(tool, [...commands[tool]]);
          if (run.code !== 0) throw new Error(`${tool} --help exited ${run.code}: ${run.stderr.slice(0, 400)}`);
          times.push(run.wallMs);
        }
        const command = tool === 'official' ? 'sf org assign permset --help' : 'sf permset assign --help';
        out.push({ scenario: 'cold-start', case: `median of ${runs}`, tool, command, latencyMs: 0, requests: 0, writes: 0, wallMs: median(times), exitCode: 0, extra: { runs: times.join(' ') } });
      }
      return out;
    });
    const [official, plugin] = measurements;
    return {
      measurements,
      section: {
        title: 'Cold start: --help',
        columns: ['command', `median wall (${runs} runs)`, 'all runs (ms)'],
        rows: [
          [official.command, `${seconds(official.wallMs)} s`, String(official.extra?.runs)],
          [`${plugin.command} (node bin/run.js)`, `${seconds(plugin.wallMs)} s`, String(plugin.extra?.runs)],
        ],
        notes: [`Official / ours, median: ${ratio(official.wallMs, plugin.wallMs)}. Ours is measured as node bin/run.js (the plugin alone); linked into sf it starts with the sf CLI's own start-up.`],
      },
    };
  },
};
