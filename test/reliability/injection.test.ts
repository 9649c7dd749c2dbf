import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg, type TestOrg, writeCount } from '../support/org-harness.js';
import { assignmentKeys } from './org-state.js';

/**
 * Issue 8, injection: usernames, names and CSV values carrying SOQL's special characters (a quote, an escaped
 * quote, a backslash, LIKE's % and _, non-ASCII letters) reach the org only as escaped literals. Each tricky user
 * has a look-alike that a wildcard or a broken escape would also match; the runs must touch exactly the tricky
 * ones, and a tricky name that is no record must match nothing.
 */
const TRICKY = [
  { ref: 'quote', username: "o'brien@test.org", lookAlike: 'obrien@test.org' },
  { ref: 'escaped', username: "back\\'slash@test.org", lookAlike: 'backslash@test.org' },
  { ref: 'backslash', username: 'c:\\users\\ann@test.org', lookAlike: 'c:usersann@test.org' },
  { ref: 'percent', username: '100%ops@test.org', lookAlike: '100xops@test.org' },
  { ref: 'underscore', username: 'ops_team@test.org', lookAlike: 'opsXteam@test.org' },
  { ref: 'accent', username: 'jörg.müller@test.org', lookAlike: 'jorg.muller@test.org' },
  { ref: 'kanji', username: '山田@test.org', lookAlike: 'yamada@test.org' },
];

describe('reliability: injection - special characters reach SOQL only as literals', function () {
  this.timeout(300_000);
  let org: TestOrg;

  before(async () => {
    const seed = new SeedBuilder().permissionSet('Ops').permissionSet('Ops_Two').permissionSet('OpsXTwo').psl('Seat_A', 5).psl('SeatXA', 5);
    for (const t of TRICKY) seed.user(t.ref, { Username: t.username }).user(`${t.ref}-twin`, { Username: t.lookAlike });
    org = await startTestOrg(seed.build());
  });
  after(() => org.stop());

  const ownKeys = async (): Promise<string[]> => [...assignmentKeys(await org.dump()).keys].sort();

  it('assigns exactly the tricky users named with -b, and none of their look-alikes', async () => {
    const run = await org.run(['permset', 'assign', '-n', 'Ops', '-b', TRICKY.map((t) => t.username).join(','), '--json']);
    expect(run.code, run.stderr).to.equal(0);
    expect(await ownKeys()).to.deep.equal(TRICKY.map((t) => `${t.username}|Ops`).sort());
  });

  it('assigns exactly the tricky users of a CSV file (quoted fields), and a rerun writes nothing', async () => {
    const file = join(org.home, 'tricky.csv');
    const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
    writeFileSync(file, ['username,permissionSet', ...TRICKY.map((t) => `${quote(t.username)},Ops_Two`)].join('\n') + '\n');
    const run = await org.run(['permset', 'assign', '-f', file, '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const keys = await ownKeys();
    expect(keys.filter((k) => k.endsWith('|Ops_Two'))).to.deep.equal(TRICKY.map((t) => `${t.username}|Ops_Two`).sort());
    expect(keys.some((k) => k.endsWith('|OpsXTwo'))).to.equal(false);
    await org.resetStats();
    expect((await org.run(['permset', 'assign', '-f', file, '--json'])).code).to.equal(0);
    expect(writeCount(await org.stats())).to.equal(0);
  });

  for (const name of ["x' OR Name != '", "Ops\\' OR Name != \\'", 'Ops%', 'Ops_Tw_', 'Ops\\', 'Öps']) {
    it(`a permission set name ${JSON.stringify(name)} matches nothing and writes nothing`, async () => {
      const before = await ownKeys();
      await org.resetStats();
      const run = await org.run(['permset', 'assign', '-n', name, '-b', TRICKY[0].username, '--json']);
      expect(run.code).to.equal(1);
      expect(writeCount(await org.stats())).to.equal(0);
      expect(await ownKeys()).to.deep.equal(before);
    });
  }

  it('a username made of wildcards or a quote trick matches no user', async () => {
    const run = await org.run(['permset', 'assign', '-n', 'Ops', '-b', "%@test.org,ops_team@test.or_,x' OR Username != '", '--json']);
    // Every row blocked, nothing done: exit 1 (68 is for runs that did part of the job).
    expect(run.code).to.equal(1);
    const rows = (run.json as { result: { assignments: Array<{ username: string; reason?: string }> } }).result.assignments;
    expect(rows.map((r) => r.reason)).to.deep.equal(['UNKNOWN_USER', 'UNKNOWN_USER', 'UNKNOWN_USER']);
  });

  it('psl report -l with a wildcard or a quote names no license; the exact name finds exactly one', async () => {
    for (const license of ['Seat%', 'Seat_A%', "Seat_A' OR DeveloperName != '"]) {
      const run = await org.run(['psl', 'report', '-l', license, '--json']);
      expect(run.code, license).to.equal(1);
    }
    const exact = await org.run(['psl', 'report', '-l', 'Seat_A', '--json']);
    expect(exact.code, exact.stderr).to.equal(0);
    const rows = (exact.json as { result: { licenses: Array<{ developerName: string }> } }).result.licenses;
    expect(rows.map((r) => r.developerName)).to.deep.equal(['Seat_A']);
  });

  it('psg retire -n with a wildcard deletes nothing', async () => {
    await org.resetStats();
    const run = await org.run(['psg', 'retire', '-n', 'Ops%', '--json'], { cwd: org.home });
    expect(run.code).to.equal(1);
    expect(writeCount(await org.stats())).to.equal(0);
    expect((await org.dump()).records.PermissionSet.filter((p) => String(p.Name).startsWith('Ops'))).to.have.length(3);
  });
});
