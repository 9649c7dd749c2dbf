import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { RULES } from '../../../src/planning/audit/rules/catalogue.js';
import { auditSource, type SourceAudit } from '../../../src/services/audit/source-audit-service.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/audit');

const audit = (dir: string, sourceDirs = [join(FIXTURES, dir)]): Promise<SourceAudit> => auditSource({ sourceDirs, cwd: ROOT, flagSettings: {} });
const ofRule = (result: SourceAudit, rule: string): SourceAudit['findings'] => result.findings.filter((f) => f.rule === rule);

const SOURCE_RULES = RULES.filter((r) => r.scope !== 'org');

describe('source audit rules, one fixture folder per rule', () => {
  it('has a fixture folder for every rule that runs on source', () => {
    const folders = readdirSync(FIXTURES).filter((f) => f !== 'projects');
    expect(folders.sort()).to.deep.equal(SOURCE_RULES.map((r) => r.id).sort());
  });

  for (const rule of SOURCE_RULES) {
    it(`${rule.id} (${rule.severity}) fires on its case and stays silent on the near miss`, async () => {
      const fires = await audit(`${rule.id}/fires`);
      expect(ofRule(fires, rule.id), `${rule.id} on fires/`).to.not.be.empty;
      for (const f of ofRule(fires, rule.id)) expect(f.severity).to.equal(rule.severity);
      const miss = await audit(`${rule.id}/near-miss`);
      expect(ofRule(miss, rule.id), `${rule.id} on near-miss/`).to.deep.equal([]);
    });
  }
});

describe('source audit: findings carry the file and line', () => {
  it('names the line of the second listing of a duplicated member', async () => {
    const [f] = ofRule(await audit('group-duplicate-member/fires'), 'group-duplicate-member');
    expect(f.file).to.equal('test/fixtures/audit/group-duplicate-member/fires/permissionsetgroups/PSG_Sales_Prod.permissionsetgroup-meta.xml');
    // Lines: declaration, root, label, PS_A, PS_B, PS_A.
    expect(f.line).to.equal(6);
    expect(f.tokens).to.deep.equal(['PSG_Sales_Prod', 'PS_A']);
  });

  it('names the line where an unparsable file breaks, and goes on with the rest', async () => {
    const result = await audit('unparsable-file/fires');
    const [f] = ofRule(result, 'unparsable-file');
    expect(f.file).to.match(/PS_Broken\.permissionset-meta\.xml$/u);
    expect(f.line).to.be.a('number').and.greaterThan(1);
    expect(result.summary.groups).to.equal(1);
    expect(result.summary.sets).to.equal(1);
  });

  it('counts description characters: 256 is an error, 255 a warning, 201 a warning, 200 nothing', async () => {
    expect(ofRule(await audit('description-too-long/fires'), 'description-too-long')[0].tokens[1]).to.equal('256');
    expect(ofRule(await audit('description-too-long/near-miss'), 'description-long')[0].tokens[1]).to.equal('255');
    const long = await audit('description-long/fires');
    expect(ofRule(long, 'description-long').map((f) => f.componentType).sort()).to.deep.equal(['MutingPermissionSet', 'PermissionSet']);
  });

  it('reports a label missing on a group and on a mute', async () => {
    const kinds = ofRule(await audit('missing-label/fires'), 'missing-label').map((f) => f.componentType);
    expect(kinds.sort()).to.deep.equal(['MutingPermissionSet', 'PermissionSetGroup']);
  });

  it('reports a stray README and an editor copy, and never reads the copy as a component', async () => {
    const result = await audit('stray-file/fires');
    expect(ofRule(result, 'stray-file').map((f) => f.component).sort()).to.deep.equal(['PS_A.permissionset-meta.xml.bak', 'README.md']);
    expect(ofRule(result, 'duplicate-component')).to.deep.equal([]);
    expect(result.summary.sets).to.equal(1);
  });
});

describe('source audit: the rules of the shared access model', () => {
  it('mute-mutes-nothing lists only the muted keys no member grants (a muted Edit the member grants is not one)', async () => {
    const [f, ...rest] = ofRule(await audit('mute-mutes-nothing/fires'), 'mute-mutes-nothing');
    expect(rest).to.deep.equal([]);
    expect(f.tokens).to.deep.equal(['PSG_Sales_Prod', 'MutePS_Sales_Prod', 'Account.Delete, ManageUsers']);
    // The group file's mutingPermissionSets line.
    expect(f.line).to.equal(4);
  });

  it('mute-mutes-nothing stays silent when a member is not in the tree (it may grant what the mute mutes)', async () => {
    const result = await audit('missing-member/fires');
    expect(ofRule(result, 'missing-member')).to.not.be.empty;
    expect(ofRule(result, 'mute-mutes-nothing')).to.deep.equal([]);
  });

  it('high-risk-permission names the member set granting what the mute leaves, at that member line', async () => {
    const findings = ofRule(await audit('high-risk-permission/fires'), 'high-risk-permission');
    expect(findings.map((f) => f.tokens)).to.deep.equal([['PSG_Ops_Admin', 'ModifyAllData', 'PS_Admin_Tools']]);
    expect(findings[0].line).to.equal(6);
  });

  it('high-risk-permission without the mute reports both permissions (the mute is what silences AuthorApex)', async () => {
    const result = await audit('high-risk-permission/fires', [join(FIXTURES, 'high-risk-permission/fires/permissionsets'), join(FIXTURES, 'high-risk-permission/fires/permissionsetgroups')]);
    // The mute is then missing: missing-mute says so, and high-risk sees no mute at all.
    expect(ofRule(result, 'missing-mute')).to.have.length(1);
    expect(ofRule(result, 'high-risk-permission').map((f) => f.tokens[1]).sort()).to.deep.equal(['AuthorApex', 'ModifyAllData']);
  });
});
