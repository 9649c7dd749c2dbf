import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type PsgAuditResult } from '../../src/commands/psg/audit.js';
import { auditSeed as seed, prepareAuditOrg, RECALC_MS } from '../support/audit-org-seed.js';
import { type CommandRun, startTestOrg, type TestOrg } from '../support/org-harness.js';

type Finding = PsgAuditResult['findings'][number];
const json = (run: CommandRun): PsgAuditResult => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return (run.json as { result: PsgAuditResult }).result;
};
const ofRule = (result: PsgAuditResult, rule: string): Finding[] => result.findings.filter((f) => f.rule === rule);
const components = (result: PsgAuditResult, rule: string): string[] => ofRule(result, rule).map((f) => f.component).sort();

describe('sf psg audit -o (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  let result: PsgAuditResult;
  let run: CommandRun;
  before(async () => {
    org = await prepareAuditOrg(await startTestOrg(seed().build(), { recalcMs: RECALC_MS }));
    await org.resetStats();
    run = await org.run(['psg', 'audit', '--json']);
    result = json(run);
  });
  after(async () => org.stop());

  it('reports the failed, stuck (judged from LastModifiedDate) and recently changed groups', () => {
    expect(components(result, 'group-failed')).to.deep.equal(['G_Failed']);
    expect(components(result, 'group-stuck')).to.deep.equal(['G_Stuck']);
    expect(ofRule(result, 'group-stuck')[0].message).to.match(/G_Stuck is (Outdated|Updating), last modified 1[12]\d minute\(s\) ago \(over 60\)/u);
    expect(components(result, 'group-outdated')).to.deep.equal(['G_Recent']);
    expect(ofRule(result, 'group-stuck')[0].severity).to.equal('error');
  });

  it('judges stuck by --stuck-after: 180 minutes make G_Stuck only outdated', async () => {
    const later = json(await org.run(['psg', 'audit', '--json', '--stuck-after', '180']));
    expect(components(later, 'group-stuck')).to.deep.equal([]);
    expect(components(later, 'group-outdated')).to.deep.equal(['G_Recent', 'G_Stuck']);
  });

  it('reports unassigned groups and sets (held by no active user, directly or through a group)', () => {
    expect(components(result, 'group-unassigned')).to.deep.equal(['G_Failed', 'G_Recent', 'G_Stuck']);
    expect(components(result, 'set-unassigned')).to.deep.equal(['PS_Idle', 'PS_Idle2', 'PS_Idle3', 'PS_Idle4']);
  });

  it('reports mute-ineffective with the users who still get the muted permission elsewhere', () => {
    const [f, ...rest] = ofRule(result, 'mute-ineffective');
    expect(rest).to.deep.equal([]);
    expect(f).to.include({ component: 'G_Sales', severity: 'warning' });
    expect(f.users).to.deep.equal(['u1@test.org']);
    expect(f.message).to.equal('Group G_Sales mutes with Mute_Delete, but 1 of its user(s) still get Account.Delete from another assignment: u1@test.org.');
  });

  it('reports the PSL budget rules from the psl report code, and near exhaustion at --psl-threshold', async () => {
    expect(components(result, 'psl-exhausted')).to.deep.equal(['Full_PSL']);
    expect(ofRule(result, 'psl-exhausted')[0]).to.include({ componentType: 'PermissionSetLicense', severity: 'error' });
    expect(components(result, 'psl-near-exhaustion')).to.deep.equal([]);
    expect(ofRule(result, 'psl-seats-wasted').map((f) => f.message)).to.deep.equal(['Permission set license Full PSL: 1 seat(s) wasted (1 by inactive users, 0 by users nothing needs it for).', 'Permission set license Near PSL: 4 seat(s) wasted (0 by inactive users, 4 by users nothing needs it for).']);
    const at80 = json(await org.run(['psg', 'audit', '--json', '--psl-threshold', '80']));
    expect(ofRule(at80, 'psl-near-exhaustion').map((f) => f.message)).to.deep.equal(['Permission set license Near PSL is 80% used (4 of 5 seats; threshold 80%).']);
  });

  it('reports inactive holders, expiring assignments, redundant and session-based assignments', async () => {
    expect(ofRule(result, 'assigned-to-inactive').map((f) => f.message)).to.deep.equal(['PS_Full is assigned to 1 inactive user(s).']);
    expect(ofRule(result, 'expiring-soon').map((f) => f.message)).to.deep.equal(['PS_Temp: 1 assignment(s) of active users expire within 14 day(s).']);
    expect(ofRule(result, 'redundant-assignment').map((f) => f.message)).to.deep.equal(['1 user(s) of group G_Sales also hold one of its sets directly (its sets: PS_Sales).']);
    expect(ofRule(result, 'session-based-assigned').map((f) => f.component)).to.deep.equal(['PS_Session']);
    const shorter = json(await org.run(['psg', 'audit', '--json', '--expiring-within', '3']));
    expect(ofRule(shorter, 'expiring-soon')).to.deep.equal([]);
  });

  it('runs the composition rules on the org model too (high-risk-permission after the mute)', () => {
    expect(ofRule(result, 'high-risk-permission').map((f) => f.message)).to.deep.equal(['Group G_Admin grants ModifyAllData through PS_Admin (not muted).']);
    expect(ofRule(result, 'missing-member')).to.deep.equal([]);
    for (const f of result.findings) expect(f, f.rule).to.not.have.property('file');
  });

  it('exits 1 on the errors by default, 0 with --fail-on never', async () => {
    expect(run.code).to.equal(1);
    expect(result.summary).to.include({ failed: true, groups: 5, sets: 9, mutes: 1 });
    expect((await org.run(['psg', 'audit', '--fail-on', 'never'])).code).to.equal(0);
  });

  it('reports drift against --source-dir: members and mute that differ', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-drift-'));
    try {
      mkdirSync(join(dir, 'permissionsetgroups'));
      const group = (name: string, members: string[]): string =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSetGroup xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>${name}</label>\n${members.map((m) => `    <permissionSets>${m}</permissionSets>\n`).join('')}    <status>Updated</status>\n</PermissionSetGroup>\n`;
      writeFileSync(join(dir, 'permissionsetgroups/G_Sales.permissionsetgroup-meta.xml'), group('G_Sales', ['PS_Sales', 'PS_Other']));
      writeFileSync(join(dir, 'permissionsetgroups/G_Admin.permissionsetgroup-meta.xml'), group('G_Admin', ['PS_Admin']));
      const drifted = json(await org.run(['psg', 'audit', '--json', '--source-dir', dir]));
      expect(ofRule(drifted, 'drift').map((f) => f.message)).to.deep.equal(['Group G_Sales differs between source and org: members only in source: PS_Other; mute only in org: Mute_Delete.']);
      expect(ofRule(result, 'drift')).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes SARIF with logical locations for org findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-org-sarif-'));
    try {
      const file = join(dir, 'org.sarif');
      await org.run(['psg', 'audit', '--output-file', file]);
      const sarif = JSON.parse(readFileSync(file, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ logicalLocations?: Array<{ fullyQualifiedName: string }> }> }> }> };
      const stuck = sarif.runs[0].results.find((r) => r.ruleId === 'group-stuck');
      expect(stuck?.locations[0].logicalLocations?.[0].fullyQualifiedName).to.equal('PermissionSetGroup:G_Stuck');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends the same number of requests with 40 more users holding a group', async () => {
    const bigger = await startTestOrg(seed(40).build(), { recalcMs: RECALC_MS });
    try {
      await prepareAuditOrg(bigger);
      const more = json(await bigger.run(['psg', 'audit', '--json']));
      expect(more.summary.requests).to.be.a('number').and.equal(result.summary.requests);
    } finally {
      await bigger.stop();
    }
  });
});
