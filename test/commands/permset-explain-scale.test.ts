import { expect } from 'chai';
import { type PermsetExplainResult } from '../../src/commands/permset/explain.js';
import { ALL_FIELDS, largeUserSeed, OBJECTS, PERMISSIONS, randomAccessSeed, REQUIRED_FIELDS } from '../support/explain-seeds.js';
import { startTestOrg, type CommandRun, type TestOrg } from '../support/org-harness.js';

const out = (run: CommandRun): PermsetExplainResult => {
  if (!run.json) throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  return (run.json as { result: PermsetExplainResult }).result;
};
const fieldFlags = (): string[] => OBJECTS.flatMap((o) => ALL_FIELDS[o].map((f) => `${o}.${f}`)).flatMap((f) => ['--field', f]);

describe('sf permset explain: requests on a large user (the whole run, the CLI\'s own requests included)', function () {
  this.timeout(300_000);

  it('one user, 10 objects and 50 fields asked, 40 sets and 5 groups held: at most 12 requests', async () => {
    const org = await startTestOrg(largeUserSeed({ sets: 40, groups: 5 }));
    try {
      await org.resetStats();
      const run = await org.run(['permset', 'explain', '-u', 'big@test.org', ...OBJECTS.flatMap((o) => ['--object', o]), ...fieldFlags(), '--permission', 'ModifyAllData', '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(out(run).results).to.have.length(10 * 6 + 50 * 2 + 1);
      const { requests, byEndpoint } = await org.stats();
      expect(requests, JSON.stringify(byEndpoint)).to.be.at.most(12);
    } finally {
      await org.stop();
    }
  });

  it('the whole-user summary of a user holding 100 sets: under 20 requests', async () => {
    const org = await startTestOrg(largeUserSeed({ sets: 100, groups: 5 }));
    try {
      await org.resetStats();
      const run = await org.run(['permset', 'explain', '-u', 'big@test.org', '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(out(run).summary).to.equal(true);
      expect(out(run).results.length).to.be.greaterThan(20);
      const { requests, byEndpoint } = await org.stats();
      expect(requests, JSON.stringify(byEndpoint)).to.be.below(20);
    } finally {
      await org.stop();
    }
  });
});

type Row = Record<string, unknown>;

async function soql(org: TestOrg, query: string): Promise<Row[]> {
  const response = await fetch(`${org.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${org.accessToken}` } });
  if (!response.ok) throw new Error(`${query}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { records: Row[] }).records;
}

/** Salesforce's own verdicts for the running user (the emulator computes them separately from the plugin's model). */
async function orgVerdicts(org: TestOrg): Promise<Map<string, boolean>> {
  const verdicts = new Map<string, boolean>();
  const columns: Record<string, string> = { IsReadable: 'Read', IsCreatable: 'Create', IsEditable: 'Edit', IsDeletable: 'Delete' };
  for (const row of await soql(org, 'SELECT EntityDefinitionId, IsReadable, IsCreatable, IsEditable, IsDeletable FROM UserEntityAccess')) {
    for (const [column, access] of Object.entries(columns)) verdicts.set(`${String(row.EntityDefinitionId)}.${access}`, row[column] === true);
  }
  for (const row of await soql(org, 'SELECT FieldDefinitionId, IsAccessible, IsUpdatable FROM UserFieldAccess')) {
    verdicts.set(`${String(row.FieldDefinitionId)}.Read`, row.IsAccessible === true);
    verdicts.set(`${String(row.FieldDefinitionId)}.Edit`, row.IsUpdatable === true);
  }
  const [permissions] = await soql(org, `SELECT ${PERMISSIONS.map((p) => `Permissions${p}`).join(', ')} FROM UserPermissionAccess`);
  for (const p of PERMISSIONS) verdicts.set(p, permissions[`Permissions${p}`] === true);
  return verdicts;
}

describe('sf permset explain: the access model agrees with the emulator\'s UserEntityAccess / UserFieldAccess / UserPermissionAccess', function () {
  this.timeout(300_000);

  for (const seed of [1, 2, 3, 5, 8, 13, 21, 34]) {
    it(`on random org ${seed}: every object, field and system permission of the running user`, async () => {
      const org = await startTestOrg(randomAccessSeed(seed));
      try {
        const fields = OBJECTS.flatMap((o) => [...REQUIRED_FIELDS[o], ...ALL_FIELDS[o]].map((f) => `${o}.${f}`));
        const run = await org.run(['permset', 'explain', ...OBJECTS.flatMap((o) => ['--object', o]), ...fields.flatMap((f) => ['--field', f]), ...PERMISSIONS.flatMap((p) => ['--permission', p]), '--json']);
        expect(run.code, run.stdout.slice(0, 2000)).to.equal(0);
        const expected = await orgVerdicts(org);
        const compared = out(run).results.filter((v) => expected.has(v.access));
        // ViewAll and ModifyAll have no column in UserEntityAccess: everything else is compared.
        expect(compared.length).to.equal(OBJECTS.length * 4 + fields.length * 2 + PERMISSIONS.length);
        const disagreements = compared.filter((v) => v.granted !== expected.get(v.access)).map((v) => `${v.access}: model ${v.granted}, org ${String(expected.get(v.access))}`);
        expect(disagreements).to.deep.equal([]);
        expect(compared.some((v) => v.granted) && compared.some((v) => !v.granted)).to.equal(true);
      } finally {
        await org.stop();
      }
    });
  }
});
