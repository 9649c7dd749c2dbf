import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { SF_CLI_VERSION } from '../../test/support/sf-cli.js';
import { type Measurement, type Section } from './types.js';

export type BenchReport = {
  date: string;
  mode: 'quick' | 'full';
  machine: { cpu: string; cores: number; memoryGb: number; os: string };
  versions: Record<string, string>;
  durationMs: number;
  sections: Section[];
  measurements: Measurement[];
  skipped: Array<{ scenario: string; reason: string }>;
};

function versionOf(root: string, packagePath: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, packagePath, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machine(): BenchReport['machine'] {
  const list = cpus();
  return { cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length, memoryGb: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}` };
}

export function versions(root: string): Record<string, string> {
  return {
    node: process.version,
    'plugin-permset-ops': versionOf(root, '.'),
    '@salesforce/cli (official peer)': SF_CLI_VERSION,
    '@salesforce/core': versionOf(root, 'node_modules/@salesforce/core'),
    '@oclif/core': versionOf(root, 'node_modules/@oclif/core'),
  };
}

const cell = (value: string | number): string => String(value).replace(/\|/g, '\\|');

export function renderSection(section: Section): string {
  const lines = [`## ${section.title}`, '', `| ${section.columns.map(cell).join(' | ')} |`, `| ${section.columns.map(() => '---').join(' | ')} |`];
  for (const row of section.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  if (section.notes.length > 0) lines.push('', ...section.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const { machine: m } = report;
  const head = [
    '# Benchmarks',
    '',
    `Measured ${report.date} (${report.mode} mode, ${(report.durationMs / 60_000).toFixed(1)} min) by \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\`, against the`,
    'local org emulator (test/emulator) started in the benchmark process. "Requests" are the HTTP requests the emulator',
    'served during the run; wall time is the whole command, process start included.',
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}.`,
    `Versions: ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
  ];
  const skipped = report.skipped.map((s) => `- ${s.scenario}: skipped, ${s.reason}`);
  return [...head, ...(skipped.length ? ['', ...skipped] : []), '', ...report.sections.map(renderSection).join('\n\n').split('\n'), ''].join('\n');
}

/** Writes <outDir>/<date>[-quick].json and .md; returns their paths. */
export function writeReport(report: BenchReport, outDir: string): { json: string; markdown: string } {
  mkdirSync(outDir, { recursive: true });
  const stem = join(outDir, `${report.date.slice(0, 10)}${report.mode === 'quick' ? '-quick' : ''}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${stem}.md`, renderMarkdown(report));
  return { json: `${stem}.json`, markdown: `${stem}.md` };
}
