import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { type PermsetExplainResult } from '../../src/commands/permset/explain.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type CommandRun, type EmulatorStats, type TestOrg } from '../support/org-harness.js';

type JsonOut = { status: number; result: PermsetExplainResult };
const out = (run: CommandRun): PermsetExplainResult => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return (run.json as JsonOut).result;
};
const verdict = (result: PermsetExplainResult, access: string): PermsetExplainResult['results'][number] => {
  const found = result.results.find((v) => v.access === access);
  if (!found) throw new Error(`no verdict for ${access}: ${result.results.map((v) => v.access).join(', ')}`);
  return found;
};
/** Requests that would change the org: every POST, PATCH, DELETE except the read-only composite batch of describes. */
const changes = (stats: EmulatorStats): number =>
  Object.entries(stats.byEndpoint).filter(([endpoint]) => /^(POST|PATCH|DELETE) /.test(endpoint) && endpoint !== 'POST /composite/batch').reduce((n, [, c]) => n + c, 0);

/**
 * ann: Sales_Team (Sales: Account Read/Create/Edit, Industry Read/Edit, RunReports) muted by No_Edit (Account Edit).
 * bob: Sales directly (so Account Edit). sam: session-based Elevate (ModifyAllData). eve: Sales expiring in 3 days.
 * gone: inactive, Sales directly. olga: group Outdated. fay: Industry Read without Account Read (Field_Only).
 * The profile System Administrator reads Contact and has ApiEnabled. Big_Sales is a not-assigned alternative.
 */
function explainSeed(): ReturnType<SeedBuilder['build']> {
  const b = new SeedBuilder()
    .user('ann')
    .user('bob')
    .user('sam')
    .user('eve')
    .user('gone', { IsActive: false })
    .user('olga')
    .user('fay')
    .add('ObjectPermissions', { ParentId: 'profileSet:prof-admin', SobjectType: 'Contact', PermissionsRead: true })
    .permissionSet('Sales', { PermissionsRunReports: true })
    .add('ObjectPermissions', { ParentId: 'ref:Sales', SobjectType: 'Account', PermissionsRead: true, PermissionsCreate: true, PermissionsEdit: true })
    .add('FieldPermissions', { ParentId: 'ref:Sales', SobjectType: 'Account', Field: 'Account.Industry', PermissionsRead: true, PermissionsEdit: true })
    .permissionSet('Big_Sales')
    .add('ObjectPermissions', { ParentId: 'ref:Big_Sales', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true, PermissionsDelete: true })
    .add('ObjectPermissions', { ParentId: 'ref:Big_Sales', SobjectType: 'Case', PermissionsRead: true })
    .permissionSet('Field_Only')
    .add('FieldPermissions', { ParentId: 'ref:Field_Only', SobjectType: 'Account', Field: 'Account.Industry', PermissionsRead: true })
    .permissionSet('Elevate', { HasActivationRequired: true, PermissionsModifyAllData: true })
    .add('MutingPermissionSet', { ref: 'No_Edit', DeveloperName: 'No_Edit', MasterLabel: 'No Edit' })
    .add('ObjectPermissions', { ParentId: 'ref:No_Edit', SobjectType: 'Account', PermissionsEdit: true })
    .group('Sales_Team', ['Sales', 'No_Edit'])
    .group('Late_Team', ['Sales'], { __status: 'Outdated' })
    .assignGroup('ann', 'Sales_Team')
    .assign('bob', 'Sales')
    .assign('sam', 'Elevate')
    .assign('eve', 'Sales', { ExpirationDate: '@now+3d' })
    .assign('gone', 'Sales')
    .assignGroup('olga', 'Late_Team')
    .assign('fay', 'Field_Only')
    .user('lic')
    .psl('CPQ', 5)
    .permissionSet('Quote', { LicenseId: 'ref:CPQ', PermissionsViewSetup: true })
    .permissionSet('Plain')
    .group('Quoting', ['Plain'])
    .assignGroup('lic', 'Quoting');
  const seed = b.build();
  seed.records.Profile[0].PermissionsApiEnabled = true;
  return seed;
}

describe('sf permset explain (against the emulator)', function () {
  this.timeout(180_000);
  let org: TestOrg;
  before(async () => {
    org = await startTestOrg(explainSeed());
  });
  after(() => org.stop());

  it('explains a muted access: the group source does not apply, names the mute, and lists the not-assigned sets', async () => {
    const run = await org.run(['permset', 'explain', '-u', 'ann@test.org', '--object', 'Account', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const edit = verdict(out(run), 'Account.Edit');
    expect(edit.granted).to.equal(false);
    expect(edit.sources).to.deep.equal([
      { kind: 'group', name: 'Sales_Team', memberSet: 'Sales', applies: false, reason: 'muted', mute: 'No_Edit' },
      { kind: 'permissionSet', name: 'Big_Sales', applies: false, reason: 'not-assigned' },
    ]);
    expect(edit.grantWith).to.equal('Big_Sales');
    expect(edit.hints?.join(' ')).to.match(/No_Edit.*Sales_Team/);
    expect(verdict(out(run), 'Account.Read').granted).to.equal(true);
    expect(verdict(out(run), 'Account.Create').granted).to.equal(true);
  });

  it('lists no group whose mute removes the access, nor one that is not Updated, among the not-assigned', async () => {
    const edit = verdict(out(await org.run(['permset', 'explain', '-u', 'sam@test.org', '--object', 'Account', '--json'])), 'Account.Edit');
    // Both sets grant 3 of the loaded Account accesses: by name.
    expect(edit.sources.map((s) => [s.kind, s.name, s.reason])).to.deep.equal([
      ['permissionSet', 'Big_Sales', 'not-assigned'],
      ['permissionSet', 'Sales', 'not-assigned'],
    ]);
  });

  it('does not mute a direct assignment of the same set', async () => {
    const result = out(await org.run(['permset', 'explain', '-u', 'bob@test.org', '--object', 'Account', '--json']));
    expect(verdict(result, 'Account.Edit').sources).to.deep.equal([{ kind: 'permissionSet', name: 'Sales', applies: true }]);
  });

  it('names a session-based set, an expiring assignment with its date, an inactive user and a group not Updated', async () => {
    const sam = out(await org.run(['permset', 'explain', '-u', 'sam@test.org', '--permission', 'modifyalldata', '--json']));
    expect(verdict(sam, 'ModifyAllData')).to.deep.include({ granted: false });
    expect(verdict(sam, 'ModifyAllData').sources[0]).to.deep.equal({ kind: 'permissionSet', name: 'Elevate', applies: false, reason: 'session-based' });
    const eve = verdict(out(await org.run(['permset', 'explain', '-u', 'eve@test.org', '--permission', 'RunReports', '--json'])), 'RunReports');
    expect(eve.granted).to.equal(true);
    expect(eve.sources[0]).to.include({ name: 'Sales', applies: true, reason: 'expires-soon' });
    expect(Date.parse(String(eve.sources[0].expires)) - Date.now()).to.be.within(2.9 * 86_400_000, 3.1 * 86_400_000);
    const gone = verdict(out(await org.run(['permset', 'explain', '-u', 'gone@test.org', '--permission', 'RunReports', '--json'])), 'RunReports');
    expect(gone.sources).to.deep.equal([{ kind: 'permissionSet', name: 'Sales', applies: false, reason: 'inactive-user' }]);
    const olga = verdict(out(await org.run(['permset', 'explain', '-u', 'olga@test.org', '--permission', 'RunReports', '--json'])), 'RunReports');
    expect(olga.sources).to.deep.equal([{ kind: 'group', name: 'Late_Team', memberSet: 'Sales', applies: false, reason: 'group-not-updated', status: 'Outdated' }]);
  });

  it('says a field needs Read on its object, and answers Name from the object', async () => {
    const fay = out(await org.run(['permset', 'explain', '-u', 'fay@test.org', '--field', 'Account.Industry', '--field', 'account.name', '--json']));
    expect(verdict(fay, 'Account.Industry.Read').sources).to.deep.equal([
      { kind: 'permissionSet', name: 'Field_Only', applies: false, reason: 'field-needs-object-read' },
      // A group fay does not hold is a candidate too: its mute (Account Edit) leaves it fewer grants than Sales.
      { kind: 'group', name: 'Sales_Team', memberSet: 'Sales', applies: false, reason: 'not-assigned' },
      { kind: 'permissionSet', name: 'Sales', applies: false, reason: 'not-assigned' },
    ]);
    expect(verdict(fay, 'Account.Industry.Read').hints?.[0]).to.match(/Read on Account/);
    expect(verdict(fay, 'Account.Name.Read').granted).to.equal(false);
    const bob = out(await org.run(['permset', 'explain', '-u', 'bob@test.org', '--field', 'Account.Name', '--json']));
    expect(verdict(bob, 'Account.Name.Edit').granted).to.equal(true);
  });

  it('names the permission set license a group member needs and the user lacks', async () => {
    // The member joins after the assignment (assigning a group whose members need a PSL the user lacks is refused).
    const api = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
      const response = await fetch(`${org.instanceUrl}/services/data/v62.0/${path}`, { method, headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await response.json()) as Record<string, unknown>;
    };
    const idOf = async (soql: string): Promise<string> => String(((await api('GET', `query?q=${encodeURIComponent(soql)}`)).records as Array<{ Id: string }>)[0].Id);
    const group = await idOf("SELECT Id FROM PermissionSetGroup WHERE DeveloperName = 'Quoting'");
    await api('POST', 'sobjects/PermissionSetGroupComponent', { PermissionSetGroupId: group, PermissionSetId: await idOf("SELECT Id FROM PermissionSet WHERE Name = 'Quote'") });
    const until = Date.now() + 10_000;
    while (((await api('GET', `query?q=${encodeURIComponent(`SELECT Status FROM PermissionSetGroup WHERE Id = '${group}'`)}`)).records as Array<{ Status: string }>)[0].Status !== 'Updated') {
      if (Date.now() > until) throw new Error('Quoting never reached Updated');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = out(await org.run(['permset', 'explain', '-u', 'lic@test.org', '--permission', 'ViewSetup', '--json']));
    expect(verdict(result, 'ViewSetup').sources).to.deep.equal([{ kind: 'group', name: 'Quoting', memberSet: 'Quote', applies: false, reason: 'license-missing', license: 'CPQ' }]);
  });

  it('takes the user as an alias or a 005 Id as well as a username', async () => {
    const aliasFile = join(org.home, '.sfdx', 'alias.json');
    const aliases = JSON.parse(readFileSync(aliasFile, 'utf8')) as { orgs: Record<string, string> };
    writeFileSync(aliasFile, JSON.stringify({ ...aliases, orgs: { ...aliases.orgs, annie: 'ann@test.org' } }));
    expect(out(await org.run(['permset', 'explain', '-u', 'annie', '--permission', 'RunReports', '--json'])).user).to.equal('ann@test.org');
    const id = String((await org.dump()).records.User.find((u) => u.Username === 'ann@test.org')?.Id);
    expect(out(await org.run(['permset', 'explain', '-u', id, '--permission', 'RunReports', '--json'])).user).to.equal('ann@test.org');
  });

  it('compares two users: what one has that the other lacks, both verdicts kept', async () => {
    const result = out(await org.run(['permset', 'explain', '-u', 'bob@test.org', '--compare-user', 'ann@test.org', '--object', 'Account', '--json']));
    expect(result.differences).to.deep.equal([{ access: 'Account.Edit', left: { user: 'bob@test.org', granted: true }, right: { user: 'ann@test.org', granted: false } }]);
    expect(result.compareUser?.user).to.equal('ann@test.org');
    const human = await org.run(['permset', 'explain', '-u', 'bob@test.org', '--compare-user', 'ann@test.org', '--object', 'Account']);
    expect(human.stdout).to.match(/Account\.Edit\s+bob@test\.org\s+Sales\s+ann@test\.org/);
  });

  it('summarises the whole user with nothing asked: objects and system permissions, profile included, no fields', async () => {
    const result = out(await org.run(['permset', 'explain', '-u', 'ann@test.org', '--json']));
    expect(result.summary).to.equal(true);
    expect(result.results.map((v) => [v.access, v.granted])).to.deep.equal([
      ['Account.Create', true],
      ['Account.Edit', false],
      ['Account.Read', true],
      ['ApiEnabled', true],
      // ann's profile is System Administrator, which holds these three (emulator rule systemAdministratorDefaults).
      ['AssignPermissionSets', true],
      ['Contact.Read', true],
      ['ManageProfilesPermissionsets', true],
      ['ManageUsers', true],
      ['RunReports', true],
    ]);
  });

  it('prints one block per access with ✓/✗ and the sources, and the hint to grant it', async () => {
    const run = await org.run(['permset', 'explain', '-u', 'ann@test.org', '--object', 'Account']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('✓ Account.Read: granted').and.include('✗ Account.Edit: not granted').and.include('muted (No_Edit)');
    expect(run.stdout).to.include('To grant it: assign the permission set Big_Sales');
  });

  it('writes a CSV with one row per source, read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-csv-'));
    try {
      const file = join(dir, 'ann.csv');
      const run = await org.run(['permset', 'explain', '-u', 'ann@test.org', '--object', 'Account', '--output-file', file]);
      expect(run.code, run.stderr).to.equal(0);
      const rows: Array<Record<string, string>> = parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
      const edit = rows.filter((r) => r.access === 'Account.Edit');
      expect(edit.map((r) => [r.sourceName, r.memberSet, r.applies, r.reason, r.mute])).to.deep.equal([
        ['Sales_Team', 'Sales', 'false', 'muted', 'No_Edit'],
        ['Big_Sales', '', 'false', 'not-assigned', ''],
      ]);
      expect(rows.find((r) => r.access === 'Account.ModifyAll')).to.include({ granted: 'false', sourceName: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const refusals: Array<[string, string[], RegExp]> = [
    ['an unknown user, with the closest username', ['-u', 'ann@test.orq', '--object', 'Account'], /No user "ann@test\.orq".*ann@test\.org/],
    ['an unknown object, with the closest objects', ['-u', 'ann@test.org', '--object', 'Acount'], /no object "Acount".*Account/],
    ['an unknown field, with the closest fields', ['-u', 'ann@test.org', '--field', 'Account.Industri'], /"Account\.Industri" is not a field of Account.*Account\.Industry/],
    ['an unknown permission, with the closest', ['-u', 'ann@test.org', '--permission', 'ModifyAllDta'], /no system permission "ModifyAllDta".*ModifyAllData/],
    ['a field without its object', ['-u', 'ann@test.org', '--field', 'Industry'], /"Industry" has no object: give fields as Object\.Field/],
    ['the same user twice', ['-u', 'ann@test.org', '--compare-user', 'ann@test.org'], /same user/],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what}: exit 1, nothing written, no partial answer`, async () => {
      await org.resetStats();
      const run = await org.run(['permset', 'explain', ...args, '--json']);
      expect(run.code).to.equal(1);
      const json = run.json as { message?: string; result?: unknown };
      expect(json.message).to.match(message);
      expect(json.result).to.equal(undefined);
      expect(changes(await org.stats())).to.equal(0);
    });
  }
});
