import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasCommand, runBench } from '../../bench/run.js';
import { type BenchReport } from '../../bench/harness/report.js';
import { SCENARIOS } from '../../bench/scenarios/index.js';
import { ensureSfCli } from '../support/sf-cli.js';

/**
 * The benchmark harness in quick mode (small sizes), so that it cannot rot between full runs. It checks the shape
 * and the figures that are exact (writes, lower bounds, the official command failing its rerun); speed is
 * measured by `npm run bench`, never asserted here.
 */
describe('bench/run.ts --quick', function () {
  this.timeout(180_000);
  const root = join(import.meta.dirname, '..', '..');
  let outDir: string;
  let report: BenchReport;
  let markdown: string;

  before(async function () {
    this.timeout(900_000); // the first install of the pinned sf CLI may take minutes
    await ensureSfCli();
    outDir = mkdtempSync(join(tmpdir(), 'bench-quick-'));
    const { files } = await runBench({ quick: true, outDir, log: () => undefined });
    report = JSON.parse(readFileSync(files.json, 'utf8')) as BenchReport;
    markdown = readFileSync(files.markdown, 'utf8');
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every scenario whose commands exist and names the ones it skipped', () => {
    for (const scenario of SCENARIOS) {
      const present = scenario.needs.every((id) => hasCommand(root, id));
      expect(report.measurements.some((m) => m.scenario === scenario.id), scenario.id).to.equal(present);
      expect(report.skipped.some((s) => s.scenario === scenario.title), scenario.id).to.equal(!present);
    }
    expect(report.mode).to.equal('quick');
    expect(report.versions['@salesforce/cli (official peer)']).to.equal('2.150.6');
  });

  it('measures both assignment tools at 0 and 50 ms: ours writes once then never, the official one fails its rerun', () => {
    const assign = report.measurements.filter((m) => m.scenario === 'assign');
    expect(assign.map((m) => `${m.tool} ${m.latencyMs} ${m.case}`)).to.have.members(
      ['official', 'plugin'].flatMap((tool) => [0, 50].flatMap((ms) => [`${tool} ${ms} 10 × 1, first run`, `${tool} ${ms} 10 × 1, rerun`]))
    );
    for (const m of assign.filter((a) => a.tool === 'plugin')) {
      expect([m.exitCode, m.writes], m.case).to.deep.equal([0, m.case.endsWith('rerun') ? 0 : 1]);
      expect(m.requests, m.case).to.be.at.least(m.lowerBound!);
    }
    for (const m of assign.filter((a) => a.tool === 'official')) {
      expect(m.exitCode === 0, m.case).to.equal(m.case.endsWith('first run'));
      expect(m.writes, m.case).to.equal(10); // one POST per pair, the rerun's refused ones included
    }
  });

  it('writes the Markdown table with the machine, the versions and one section per scenario run', () => {
    expect(markdown).to.match(/^# Benchmarks/);
    expect(markdown).to.include(`Machine: ${report.machine.cpu}`);
    expect(markdown).to.include('| 10 × 1, rerun | 50 ms |');
    for (const section of report.sections) expect(markdown).to.include(`## ${section.title}`);
    const memory = report.measurements.find((m) => m.scenario === 'csv-memory');
    expect(Number(memory?.extra?.peakRssMb)).to.be.greaterThan(20);
    expect(memory?.writes).to.equal(10);
  });

  it('audits the generated source tree: every file read, the planted findings found, exit 0 under --fail-on never', () => {
    const audit = report.measurements.find((m) => m.scenario === 'psg-audit-source');
    expect(audit?.case).to.equal('50 groups, 300 sets, 20 mutes');
    expect([audit?.exitCode, audit?.extra?.files]).to.deep.equal([0, 372]);
    expect(Number(audit?.extra?.findings)).to.be.greaterThan(3);
  });

  it('reclaims the inactive holders\' seats: deletes in collections of 200, reads as counted from the plan, a rerun writes nothing', () => {
    const reclaim = report.measurements.find((m) => m.scenario === 'psl-reclaim');
    expect(reclaim?.case).to.equal('1,000 users, 20 PSLs');
    expect(reclaim?.exitCode).to.equal(0);
    expect(Number(reclaim?.extra?.seats)).to.be.greaterThan(0);
    expect(reclaim?.writes).to.equal(reclaim?.lowerBound);
    expect(reclaim?.extra?.reads).to.equal(reclaim?.extra?.expectedReads);
    expect(reclaim?.extra?.rerunWrites).to.equal(0);
  });

  it('restores a removal backup in collections of 200 per kind, then reruns it without a write', () => {
    const restore = report.measurements.filter((m) => m.scenario === 'permset-restore');
    expect(restore.map((m) => m.case)).to.deep.equal(['1,000 users, restore', '1,000 users, rerun']);
    const [first, rerun] = restore;
    expect([first.exitCode, first.extra?.seats, first.extra?.assignments, first.extra?.created]).to.deep.equal([0, 1000, 3000, 4000]);
    expect(first.writes).to.equal(5 + 15);
    expect([rerun.exitCode, rerun.writes, rerun.extra?.present]).to.deep.equal([0, 0, 4000]);
  });
});
