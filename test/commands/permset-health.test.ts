import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { type PermsetHealthResult } from '../../src/commands/permset/health.js';
import { RULES } from '../../src/planning/audit/rules/catalogue.js';
import { auditSeed, prepareAuditOrg, RECALC_MS } from '../support/audit-org-seed.js';
import { type CommandRun, startTestOrg, type TestOrg } from '../support/org-harness.js';

const json = (run: CommandRun): PermsetHealthResult => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return (run.json as { result: PermsetHealthResult }).result;
};

describe('sf permset health (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  let dir: string;
  let result: PermsetHealthResult;
  before(async () => {
    org = await prepareAuditOrg(await startTestOrg(auditSeed().build(), { recalcMs: RECALC_MS }));
    dir = mkdtempSync(join(tmpdir(), 'permset-health-'));
    result = json(await org.run(['permset', 'health', '--json', '--psl-threshold', '80']));
  });
  after(async () => {
    await org.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports every org rule on the seeded org (drift needs --source-dir: psg audit), and no composition rule', () => {
    const orgRules = RULES.filter((r) => r.scope === 'org' && r.id !== 'drift').map((r) => r.id).sort();
    expect([...new Set(result.findings.map((f) => f.rule))].sort()).to.deep.equal(orgRules);
    for (const f of result.findings) expect(RULES.find((r) => r.id === f.rule)?.scope, f.rule).to.equal('org');
    expect(result.findings.find((f) => f.rule === 'group-stuck')?.component).to.equal('G_Stuck');
    expect(result.findings.find((f) => f.rule === 'mute-ineffective')?.users).to.deep.equal(['u1@test.org']);
  });

  it('exits by --fail-on: 1 for error, warning and info (the org has all three), 0 for never; 0 once the errors are off with --fail-on error', async () => {
    const codes: Record<string, number> = {};
    for (const failOn of ['error', 'warning', 'info', 'never']) codes[failOn] = (await org.run(['permset', 'health', '--fail-on', failOn])).code;
    expect(codes).to.deep.equal({ error: 1, warning: 1, info: 1, never: 0 });
    const off = ['group-failed', 'group-stuck', 'psl-exhausted'].flatMap((id) => ['--rule', `${id}=off`]);
    expect((await org.run(['permset', 'health', ...off])).code).to.equal(0);
    expect((await org.run(['permset', 'health', ...off, '--fail-on', 'warning'])).code).to.equal(1);
  });

  it('prints the summary line with the request count, and a table per severity', async () => {
    const run = await org.run(['permset', 'health']);
    expect(run.stdout).to.match(/^Errors$/mu);
    expect(run.stdout).to.match(/^Infos$/mu);
    expect(run.stdout).to.match(new RegExp(`\\d+ error\\(s\\), \\d+ warning\\(s\\), \\d+ info\\(s\\) in 5 group\\(s\\), 9 set\\(s\\), 1 muting set\\(s\\) of ${org.username.replace(/[.]/gu, '\\.')} \\(${result.summary.requests} request\\(s\\)\\)`, 'u'));
  });

  it('writes CSV that reads back to the same findings', async () => {
    const file = join(dir, 'health.csv');
    const run = await org.run(['permset', 'health', '--output-file', file, '--fail-on', 'never']);
    expect(run.code, run.stderr).to.equal(0);
    const rows = parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
    expect(rows.map((r) => r.rule).sort()).to.deep.equal(json(await org.run(['permset', 'health', '--json', '--fail-on', 'never'])).findings.map((f) => f.rule).sort());
  });

  it('refuses an unknown rule and an unwritable output file with exit 2, before reading the org', async () => {
    await org.resetStats();
    const unknown = await org.run(['permset', 'health', '--rule', 'no-such-rule=off']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/no-such-rule/u);
    const badFormat = await org.run(['permset', 'health', '--output-file', join(dir, 'health.txt')]);
    expect(badFormat.code).to.equal(2);
    expect(badFormat.stderr).to.match(/health\.txt/u);
    expect((await org.stats()).requests).to.equal(0);
  });

  it('reads no more than psg audit -o (no member permission rows), and as much with 40 more users', async () => {
    const audit = (await org.run(['psg', 'audit', '--json'])).json as { result: { summary: { requests: number } } };
    expect(result.summary.requests).to.be.at.most(audit.result.summary.requests);
    const bigger = await prepareAuditOrg(await startTestOrg(auditSeed(40).build(), { recalcMs: RECALC_MS }));
    try {
      expect(json(await bigger.run(['permset', 'health', '--json', '--psl-threshold', '80'])).summary.requests).to.equal(result.summary.requests);
    } finally {
      await bigger.stop();
    }
  });
});
