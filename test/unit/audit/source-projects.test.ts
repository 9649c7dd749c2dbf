import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { readSource } from '../../../src/io/source/read-source.js';
import { type SetDef } from '../../../src/planning/audit/model.js';
import { type SettingsError } from '../../../src/planning/audit/settings.js';
import { auditSource, type SourceAudit } from '../../../src/services/audit/source-audit-service.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/audit');
const PROJECTS = join(FIXTURES, 'projects');

const audit = (sourceDirs: string[], cwd = ROOT, flagSettings = {}): Promise<SourceAudit> => auditSource({ sourceDirs, cwd, flagSettings });
const rules = (result: SourceAudit): string[] => result.findings.map((f) => f.rule);

describe('source audit: where the published checker is wrong, be right', () => {
  it('reports namespaced sets (ns__Name, force__ included) as external references, not missing', async () => {
    const result = await audit([join(FIXTURES, 'external-reference/fires')]);
    expect(rules(result)).to.not.include('missing-member');
    const external = result.findings.filter((f) => f.rule === 'external-reference');
    expect(external.map((f) => [f.tokens[1], f.variant])).to.deep.equal([
      ['acme__Billing', 'namespace'],
      ['force__PlatformEvents', 'platform'],
    ]);
  });

  it('reads a project of two package directories as one: a set of the other directory is found', async () => {
    const result = await audit([join(PROJECTS, 'two-dirs')]);
    expect(result.summary.sets).to.equal(2);
    const names = result.findings.map((f) => f.tokens[1]);
    expect(names).to.not.include('PS_Sales_Read');
    expect(rules(result)).to.not.include('missing-member');
  });

  it('names the declared package dependencies for an unresolved name in a project that has some', async () => {
    const result = await audit([join(PROJECTS, 'two-dirs')]);
    const dependency = result.findings.find((f) => f.rule === 'external-reference' && f.variant === 'dependency');
    expect(dependency?.tokens).to.deep.equal(['PSG_Sales_Prod', 'PS_FromBilling', 'Billing@2.1.0-1']);
  });

  it('reports a missing set even when the tree holds no permission set file at all', async () => {
    const result = await audit([join(FIXTURES, 'missing-member/fires')]);
    expect(result.summary.sets).to.equal(0);
    expect(result.findings.filter((f) => f.rule === 'missing-member').map((f) => f.tokens[1])).to.deep.equal(['PS_Ghost']);
  });

  it('never counts a broken mute as good: the group is told its mute does not parse', async () => {
    const result = await audit([join(PROJECTS, 'broken-mute')]);
    const missing = result.findings.find((f) => f.rule === 'missing-mute');
    expect(missing?.variant).to.equal('broken');
    expect(missing?.tokens[2]).to.match(/MutePS_Opp_NoDelete\.mutingpermissionset-meta\.xml$/u);
    expect(rules(result)).to.include('unparsable-file');
    expect(rules(result)).to.not.include('orphan-mute');
  });

  it("resolves ns__X to the local X in a project whose own namespace is ns; another namespace stays external", async () => {
    const result = await audit([join(PROJECTS, 'namespaced')]);
    expect(result.findings.map((f) => [f.rule, f.tokens[1]])).to.deep.equal([['external-reference', 'other__PS_B']]);
  });

  it('reads every package directory of ./sfdx-project.json when no --source-dir is given', async () => {
    const result = await audit([], join(PROJECTS, 'two-dirs'));
    expect(result.summary).to.include({ groups: 1, sets: 2 });
  });
});

describe('source audit: formats SDR resolves', () => {
  it('reads a metadata-API-format tree, a folder in other casing included', async () => {
    const result = await audit([join(PROJECTS, 'mdapi')]);
    expect(result.summary).to.include({ groups: 1, sets: 1, mutes: 1 });
    expect(result.findings).to.deep.equal([]);
  });

  it('merges a decomposed permission set (decomposePermissionSetBeta2) into one set with all its permissions', async () => {
    const dir = join(PROJECTS, 'decomposed');
    const read = await readSource([{ dir: join(dir, 'force-app'), registryDir: dir }], ROOT);
    const set = read.defs.find((d): d is SetDef => d.kind === 'PermissionSet');
    expect(set?.name).to.equal('PS_Decomposed');
    expect(set?.description?.value).to.equal('Opportunity access, decomposed');
    expect(set?.objectPermissions.map((o) => [o.object, o.allowDelete])).to.deep.equal([['Opportunity', true]]);
    expect(set?.fieldPermissions).to.deep.equal([{ field: 'Opportunity.Amount', readable: true, editable: true }]);
    expect(set?.userPermissions).to.deep.equal([
      { name: 'ApiEnabled', enabled: true },
      { name: 'RunReports', enabled: true },
    ]);
    expect(read.problems).to.deep.equal([]);
  });

  it('still reads a folder where SDR stops at a file of unknown type, and reports that file as stray', async () => {
    const result = await audit([join(PROJECTS, 'unknown-type')]);
    expect(result.summary).to.include({ groups: 1, sets: 1 });
    expect(result.findings.map((f) => [f.rule, f.component])).to.deep.equal([['stray-file', 'Review.notes-meta.xml']]);
  });

  it('keeps the permission blocks of a mute (true = muted) for the access model', async () => {
    const read = await readSource([{ dir: join(PROJECTS, 'mdapi'), registryDir: join(PROJECTS, 'mdapi') }], ROOT);
    const mute = read.defs.find((d) => d.kind === 'MutingPermissionSet');
    expect(mute && 'objectPermissions' in mute ? mute.objectPermissions : []).to.deep.include({
      object: 'Opportunity', allowRead: false, allowCreate: false, allowEdit: false, allowDelete: true, viewAllRecords: false, modifyAllRecords: false,
    });
  });
});

describe('source audit settings', () => {
  it('takes rule levels and naming patterns from sfdx-project.json plugins.permsetOps.audit', async () => {
    const result = await audit([], join(PROJECTS, 'settings'));
    expect(rules(result)).to.not.include('set-in-no-group');
    const naming = result.findings.filter((f) => f.rule === 'group-naming');
    expect(naming.map((f) => [f.component, f.severity])).to.deep.equal([['PSG_Sales_Prod', 'error']]);
    expect(result.summary.setsInNoGroup).to.equal(1);
  });

  it('lets flags win over the project file', async () => {
    const result = await audit([], join(PROJECTS, 'settings'), { rules: { 'group-naming': 'off', 'set-in-no-group': 'warning' } });
    expect(rules(result)).to.not.include('group-naming');
    expect(result.findings.find((f) => f.rule === 'set-in-no-group')?.severity).to.equal('warning');
  });

  it('refuses an unknown rule and a bad pattern, naming the input', async () => {
    const refusal = async (flagSettings: object): Promise<SettingsError> => {
      try {
        await audit([join(FIXTURES, 'group-empty/fires')], ROOT, flagSettings);
      } catch (error) {
        return error as SettingsError;
      }
      throw new Error('no refusal');
    };
    expect((await refusal({ rules: { 'no-such-rule': 'off' } })).tokens[0]).to.equal('no-such-rule');
    expect((await refusal({ groupNaming: '^PSG_(' })).key).to.equal('error.Pattern');
    expect((await refusal({ rules: { 'group-empty': 'loud' } })).key).to.equal('error.RuleLevel');
  });
});
