import { expect } from 'chai';
import { elementLines } from '../../../src/io/source/xml-lines.js';
import { failsGate, runAudit } from '../../../src/planning/audit/engine.js';
import { type AuditModel, type GroupDef } from '../../../src/planning/audit/model.js';
import { parseRuleEntry, resolveSettings } from '../../../src/planning/audit/settings.js';

const group = (name: string, members: string[]): GroupDef => ({
  kind: 'PermissionSetGroup',
  name,
  label: { value: name },
  fingerprint: name,
  members: members.map((m) => ({ name: m })),
  mutes: [],
});
const model = (groups: GroupDef[]): AuditModel => ({ origin: 'org', groups, sets: [], mutes: [], problems: [], project: { dependencies: [] } });
const defaults = resolveSettings([]);

describe('audit engine', () => {
  it('finds near clones by set difference of exactly one, both directions of a pair reported once', () => {
    const out = runAudit(model([group('PSG_A_B', ['a', 'b', 'c', 'd']), group('PSG_C_D', ['a', 'b', 'c', 'd', 'e']), group('PSG_E_F', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])]), defaults);
    const clones = out.findings.filter((f) => f.rule === 'near-clone');
    expect(clones.map((f) => f.tokens)).to.deep.equal([['PSG_C_D', 'PSG_A_B', 'e', '4']]);
  });

  it('runs on an org model only the rules that need no files', () => {
    const out = runAudit(model([group('PSG_A_B', ['ghost'])]), defaults);
    expect(out.findings.map((f) => f.rule)).to.not.include('missing-member');
  });

  it('gates on --fail-on: error, warning, info, never', () => {
    const warning = [{ severity: 'warning' as const }];
    expect([failsGate(warning, 'error'), failsGate(warning, 'warning'), failsGate(warning, 'info'), failsGate(warning, 'never')]).to.deep.equal([false, true, true, false]);
  });

  it('parses --rule entries and refuses a missing level', () => {
    expect(parseRuleEntry('near-clone=OFF', '--rule')).to.deep.equal(['near-clone', 'off']);
    expect(() => parseRuleEntry('near-clone', '--rule')).to.throw('error.RuleSyntax');
  });
});

describe('element lines', () => {
  it('gives the root line and each child occurrence, skipping tags inside comments and CDATA', () => {
    const text = [
      '<?xml version="1.0"?>',
      '<!-- <permissionSets>Commented</permissionSets> -->',
      '<PermissionSetGroup xmlns="x">',
      '  <description><![CDATA[<permissionSets>no</permissionSets>]]></description>',
      '  <permissionSets>A</permissionSets>',
      '  <permissionSets',
      '    >B</permissionSets>',
      '  <nested><permissionSets>C</permissionSets></nested>',
      '</PermissionSetGroup>',
    ].join('\n');
    const lines = elementLines(text);
    expect(lines.root).to.equal(3);
    expect(lines.children.get('permissionSets')).to.deep.equal([5, 6]);
    expect(lines.children.get('description')).to.deep.equal([4]);
  });

  it('layers the org thresholds (defaults 60 / 90 / 14, later layers win) and refuses one out of range, naming its origin', () => {
    expect(resolveSettings([])).to.include({ stuckAfterMinutes: 60, pslThreshold: 90, expiringWithinDays: 14 });
    const layered = resolveSettings([
      { origin: 'sfdx-project.json', settings: { pslThreshold: 80, stuckAfterMinutes: 30 } },
      { origin: 'flags', settings: { pslThreshold: 95 } },
    ]);
    expect(layered).to.include({ pslThreshold: 95, stuckAfterMinutes: 30, expiringWithinDays: 14 });
    expect(() => resolveSettings([{ origin: 'sfdx-project.json', settings: { pslThreshold: 101 } }])).to.throw(/error\.Threshold: pslThreshold \| 101 \| sfdx-project\.json/u);
  });

  it('runs only the org rules when asked for the org scope (permset health)', () => {
    const out = runAudit(model([group('bad name', [])]), defaults, ['org']);
    expect(out.findings.map((f) => f.rule)).to.not.include.members(['group-empty', 'group-naming']);
    expect(runAudit(model([group('bad name', [])]), defaults).findings.map((f) => f.rule)).to.include.members(['group-empty', 'group-naming']);
  });
});
