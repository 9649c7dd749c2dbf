import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type PsgAuditResult } from '../../src/commands/psg/audit.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { type CommandRun, startTestOrg, type TestOrg } from '../support/org-harness.js';

const HOUR = 3_600_000;
/** Long enough that a group changed by the test stays Outdated / Updating for the whole file. */
const RECALC_MS = 10 * HOUR;

/**
 * Users u1…u4 active, x1 inactive. Hand-made facts behind every org rule:
 * - G_Sales [PS_Sales + mute Mute_Delete (Account.Delete)] held by u1, u2; u1 also holds PS_Sales directly, so the
 *   mute does not stop u1's Account.Delete (mute-ineffective: 1 user) and u1's PS_Sales is redundant.
 * - G_Admin [PS_Admin: ModifyAllData] held by u4 (high-risk-permission, a composition rule).
 * - G_Failed Failed, G_Stuck changed 2 hours ago (emulator clock moved back), G_Recent changed now: none held.
 * - PS_Full needs Full_PSL (2 seats: u1 and inactive x1, exhausted, 1 wasted); x1 holds PS_Full (assigned-to-inactive).
 * - Near_PSL 4 of 5 seats (80%: near exhaustion only with --psl-threshold 80).
 * - PS_Session (session-based) held by u3; PS_Temp held by u2 until 5 days from now (expiring-soon); PS_Idle held by nobody.
 */
function seed(extraAdmins = 0): SeedBuilder {
  const b = new SeedBuilder()
    .users('u', 4)
    .user('x1', { IsActive: false })
    .psl('Full_PSL', 2)
    .psl('Near_PSL', 5)
    .permissionSet('PS_Sales')
    .add('ObjectPermissions', { ParentId: 'ref:PS_Sales', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true, PermissionsDelete: true })
    .permissionSet('PS_Admin', { PermissionsModifyAllData: true, PermissionsViewSetup: true, PermissionsApiEnabled: true })
    .permissionSet('PS_Session', { HasActivationRequired: true })
    .permissionSet('PS_Full', { LicenseId: 'ref:Full_PSL' })
    .permissionSet('PS_Temp')
    .permissionSet('PS_Idle')
    .permissionSet('PS_Idle2')
    .permissionSet('PS_Idle3')
    .permissionSet('PS_Idle4')
    .add('MutingPermissionSet', { ref: 'Mute_Delete', DeveloperName: 'Mute_Delete', MasterLabel: 'Mute Delete' })
    .add('ObjectPermissions', { ParentId: 'ref:Mute_Delete', SobjectType: 'Account', PermissionsDelete: true })
    .group('G_Sales', ['PS_Sales', 'Mute_Delete'])
    .group('G_Admin', ['PS_Admin'])
    .group('G_Failed', ['PS_Idle2'], { __status: 'Failed' })
    .group('G_Stuck', ['PS_Idle3'])
    .group('G_Recent', ['PS_Idle4']);
  b.holdPsl('u1', 'Full_PSL').holdPsl('x1', 'Full_PSL');
  for (const u of ['u1', 'u2', 'u3', 'u4']) b.holdPsl(u, 'Near_PSL');
  b.assignGroup('u1', 'G_Sales').assignGroup('u2', 'G_Sales').assign('u1', 'PS_Sales').assignGroup('u4', 'G_Admin');
  b.assign('u1', 'PS_Full').assign('x1', 'PS_Full').assign('u3', 'PS_Session').assign('u2', 'PS_Temp', { ExpirationDate: '@now+5d' });
  for (let i = 1; i <= extraAdmins; i++) b.user(`a${i}`).assignGroup(`a${i}`, 'G_Admin');
  return b;
}

type Finding = PsgAuditResult['findings'][number];
const json = (run: CommandRun): PsgAuditResult => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return (run.json as { result: PsgAuditResult }).result;
};
const ofRule = (result: PsgAuditResult, rule: string): Finding[] => result.findings.filter((f) => f.rule === rule);
const components = (result: PsgAuditResult, rule: string): string[] => ofRule(result, rule).map((f) => f.component).sort();

/** Edits a group through the REST API (a change starts its recalculation), with the emulator clock moved by `shiftMs` for the write. */
async function touchGroup(org: TestOrg, name: string, shiftMs = 0): Promise<void> {
  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${org.instanceUrl}/services/data/v62.0/${path}`, { method, headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const found = (await (await api('GET', `query?q=${encodeURIComponent(`SELECT Id FROM PermissionSetGroup WHERE DeveloperName = '${name}'`)}`)).json()) as { records: Array<{ Id: string }> };
  if (shiftMs !== 0) await org.advanceClock(shiftMs);
  const response = await api('PATCH', `sobjects/PermissionSetGroup/${found.records[0].Id}`, { Description: 'changed by the test' });
  expect(response.status).to.equal(204);
  // Outdated, then Updating a moment later: both stamped by the emulator clock while it is moved.
  await new Promise((resolve) => setTimeout(resolve, 400));
  if (shiftMs !== 0) await org.advanceClock(-shiftMs);
}

describe('sf psg audit -o (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  let result: PsgAuditResult;
  let run: CommandRun;
  before(async () => {
    org = await startTestOrg(seed().build(), { recalcMs: RECALC_MS });
    await touchGroup(org, 'G_Stuck', -2 * HOUR);
    await touchGroup(org, 'G_Recent');
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
    expect(ofRule(result, 'redundant-assignment').map((f) => f.message)).to.deep.equal(['Permission set PS_Sales is held directly by 1 user(s) of group G_Sales, which contains it.']);
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
      await touchGroup(bigger, 'G_Stuck', -2 * HOUR);
      await touchGroup(bigger, 'G_Recent');
      const more = json(await bigger.run(['psg', 'audit', '--json']));
      expect(more.summary.requests).to.be.a('number').and.equal(result.summary.requests);
    } finally {
      await bigger.stop();
    }
  });
});
