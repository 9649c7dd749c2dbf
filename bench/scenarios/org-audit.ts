import { generateOrg } from '../../test/emulator/seeds/generate.js';
import { withOrg } from '../harness/bench-org.js';
import { seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

const COMMANDS: Array<{ label: string; args: string[] }> = [
  { label: 'sf permset health', args: ['permset', 'health', '--json'] },
  { label: 'sf psg audit -o', args: ['psg', 'audit', '--json'] },
];

/**
 * `sf permset health` and `sf psg audit -o` on generated orgs of 1,000 and 100,000 users: the request count must
 * be the same at both sizes (issue 14: aggregate queries, not user rows; only mute-ineffective may read the users of
 * groups that have a mute).
 */
export const orgAuditScenario: Scenario = {
  id: 'org-audit',
  title: 'Org audit and health check',
  needs: ['permset health', 'psg audit'],
  async run(ctx) {
    const sizes = ctx.quick ? [1000] : [1000, 100_000];
    const measurements: Measurement[] = [];
    for (const users of sizes) {
      ctx.log(`permset health and psg audit -o on ${users} users (generating and seeding the org)`);
      const seed = generateOrg({ users });
      const groups = seed.records?.PermissionSetGroup?.length ?? 0;
      const sets = seed.records?.PermissionSet?.length ?? 0;
      await withOrg(ctx, seed, {}, async (org) => {
        for (const command of COMMANDS) {
          const run = await org.run('plugin', [...command.args, '--fail-on', 'never']);
          if (run.code !== 0) throw new Error(`${command.label} exited ${run.code}: ${run.stderr.slice(0, 600)}`);
          const findings = (run.json as { result?: { findings?: unknown[] } } | undefined)?.result?.findings?.length ?? 0;
          measurements.push({
            scenario: 'org-audit',
            case: `${users} users, ${sets} sets, ${groups} groups`,
            tool: 'plugin',
            command: `${command.label} --json`,
            latencyMs: 0,
            requests: run.requests,
            writes: run.writes,
            wallMs: run.wallMs,
            exitCode: run.code,
            extra: { findings },
          });
        }
      });
    }
    return {
      measurements,
      section: {
        title: 'Org audit and health check',
        columns: ['org', 'command', 'requests', 'findings', 'wall'],
        rows: measurements.map((m) => [m.case, m.command, m.requests, m.extra?.findings ?? '–', `${seconds(m.wallMs)} s`]),
        notes: [
          'Orgs from test/emulator/seeds/generate.ts (deterministic), no latency. Assignments are counted with COUNT … GROUP BY and COUNT() semi-joins, so the request count is the same at both sizes (redundant-assignment sends one COUNT() per group with member sets: 50 of them here).',
          "The generated org's muting sets mute nothing, so mute-ineffective reads no users there (it reads only the users of groups whose mute mutes something).",
        ],
      },
    };
  },
};
