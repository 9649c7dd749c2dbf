import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSfCli } from '../test/support/sf-cli.js';
import { machine, renderMarkdown, type BenchReport, versions, writeReport } from './harness/report.js';
import { type BenchContext, type Scenario } from './harness/types.js';
import { SCENARIOS } from './scenarios/index.js';

/**
 * `npm run bench`: starts the org emulator, runs every scenario against the official command and this plugin, and
 * writes bench/results/<date>.json and .md (full mode also BENCHMARKS.md). `--quick` runs the small sizes only (the
 * test suite does, so the harness cannot rot); `--only id,id` picks scenarios; `--max-users N` drops the larger
 * assignment sizes; `--out-dir DIR` moves the results. BENCHMARKS.md is written only by a complete full run.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type BenchOptions = { quick: boolean; only?: string[]; maxUsers?: number; outDir?: string; log?: (message: string) => void };

/** A plugin command is present once its compiled file exists ("psl report" → lib/commands/psl/report.js). */
export function hasCommand(root: string, id: string): boolean {
  return existsSync(join(root, 'lib', 'commands', ...id.split(' ')) + '.js');
}

export async function runBench(options: BenchOptions): Promise<{ report: BenchReport; files: { json: string; markdown: string } }> {
  const started = Date.now();
  const log = options.log ?? ((message: string): void => void process.stderr.write(`bench: ${message}\n`));
  if (!hasCommand(ROOT, 'permset assign')) throw new Error('lib/ is not built: run `npm run build` first');
  log('installing or finding the pinned sf CLI');
  const ctx: BenchContext = { quick: options.quick, maxUsers: options.maxUsers, sf: await ensureSfCli(), root: ROOT, log };
  const report: BenchReport = {
    date: new Date(started).toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machine(),
    versions: versions(ROOT),
    durationMs: 0,
    sections: [],
    measurements: [],
    skipped: [],
  };
  const outDir = options.outDir ?? join(ROOT, 'bench', 'results');
  for (const scenario of selected(options.only)) {
    const missing = scenario.needs.filter((id) => !hasCommand(ROOT, id));
    if (missing.length > 0) {
      report.skipped.push({ scenario: scenario.title, reason: `the plugin has no \`sf ${missing.join('`, `sf ')}\` command yet` });
      log(`skipping ${scenario.id}: ${missing.join(', ')} not built`);
      continue;
    }
    log(`scenario ${scenario.id}`);
    const result = await scenario.run(ctx);
    report.sections.push(result.section);
    report.measurements.push(...result.measurements);
    report.durationMs = Date.now() - started;
    // After every scenario: a long full run that is stopped part-way still leaves what it measured.
    writeReport(report, outDir);
  }
  report.durationMs = Date.now() - started;
  const files = writeReport(report, outDir);
  if (!options.quick && !options.only && !options.maxUsers && !options.outDir) writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(report));
  return { report, files };
}

function selected(only: string[] | undefined): Scenario[] {
  if (!only) return SCENARIOS;
  const unknown = only.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.id));
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { quick: false };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only' && argv[k + 1]) options.only = argv[++k].split(',');
    else if (arg === '--out-dir' && argv[k + 1]) options.outDir = resolve(argv[++k]);
    else if (arg === '--max-users' && Number(argv[k + 1]) > 0) options.maxUsers = Number(argv[++k]);
    else throw new Error(`bench: unknown argument "${arg}"; usage: bench/run.ts [--quick] [--only ${SCENARIOS.map((s) => s.id).join(',')}] [--max-users N] [--out-dir DIR]`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBench(parseBenchArgs(process.argv.slice(2)))
    .then(({ files }) => {
      process.stdout.write(`${renderMarkdownPath(files)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

function renderMarkdownPath(files: { json: string; markdown: string }): string {
  return `results: ${files.json}\ntable:   ${files.markdown}`;
}
