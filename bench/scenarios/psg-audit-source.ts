import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv } from '../../test/support/org-harness.js';
import { writeAuditTree } from '../harness/audit-tree.js';
import { runNodeWithPeakMemory, seconds } from '../harness/measure.js';
import { type Measurement, type Scenario } from '../harness/types.js';

/** Wall time and peak memory of the whole `sf psg audit --source-dir` process on a generated project (no org). */
export const psgAuditSourceScenario: Scenario = {
  id: 'psg-audit-source',
  title: 'psg audit (source)',
  needs: ['psg audit'],
  async run(ctx) {
    const size = ctx.quick ? { groups: 50, sets: 300, mutes: 20 } : { groups: 500, sets: 3000, mutes: 200 };
    const dir = mkdtempSync(join(tmpdir(), 'bench-audit-tree-'));
    const home = mkdtempSync(join(tmpdir(), 'bench-audit-home-'));
    try {
      const { files } = writeAuditTree(dir, size);
      const label = `${size.groups} groups, ${size.sets} sets, ${size.mutes} mutes`;
      ctx.log(`psg audit --source-dir on ${label} (${files} files)`);
      const started = Date.now();
      const run = await runNodeWithPeakMemory([join(ctx.root, 'bin', 'run.js'), 'psg', 'audit', '--json', '--fail-on', 'never', '--output-file', join(dir, 'audit.sarif')], cliEnv(home), dir);
      const wallMs = Date.now() - started;
      if (run.code !== 0) throw new Error(`psg audit exited ${run.code}: ${run.stderr.slice(0, 600)}`);
      const findings = (run.json as { result: { findings: unknown[] } }).result.findings.length;
      const measurement: Measurement = {
        scenario: 'psg-audit-source',
        case: label,
        tool: 'plugin',
        command: 'sf psg audit --output-file audit.sarif --json',
        latencyMs: 0,
        requests: 0,
        writes: 0,
        wallMs,
        exitCode: run.code,
        extra: { peakRssMb: Math.round(run.peakRssKb / 1024), method: run.method, files, findings },
      };
      return {
        measurements: [measurement],
        section: {
          title: 'Source audit of a generated project',
          columns: ['tree', 'files', 'findings', 'wall', 'peak RSS'],
          rows: [[label, files, findings, `${seconds(wallMs)} s`, `${measurement.extra!.peakRssMb} MB`]],
          notes: [
            `The whole command (node start-up, resolution by source-deploy-retrieve, parsing, rules, SARIF file, --json), peak RSS with ${run.method}. No org: no requests.`,
          ],
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  },
};
