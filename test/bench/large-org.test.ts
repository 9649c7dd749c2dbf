import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { start } from '../emulator/index.js';
import { generateOrg, parseArgs, writeOrg } from '../emulator/seeds/generate.js';
import { isValidId } from '../emulator/store/ids.js';

type Rec = Record<string, unknown>;

/** The deterministic large-org generator behind the benchmarks (test/emulator/seeds/generate.ts), at small scale. */
describe('the large-org generator', () => {
  const seed = generateOrg({ users: 600 });
  const records = (type: string): Rec[] => seed.records?.[type] ?? [];

  it('gives the same org for the same options, and another for another seed', () => {
    expect(generateOrg({ users: 600 })).to.deep.equal(seed);
    expect(generateOrg({ users: 600, seed: 7 }).records?.PermissionSetAssignment).to.not.deep.equal(records('PermissionSetAssignment'));
  });

  it('makes the sizes asked for: users plus the admin, sets, groups, PSLs and 3 assignments per user', () => {
    const counts = ['User', 'PermissionSet', 'PermissionSetGroup', 'PermissionSetLicense', 'PermissionSetAssignment'].map((t) => records(t).length);
    expect(counts).to.deep.equal([601, 300, 50, 20, 1800]);
    expect(records('User').filter((u) => u.IsActive === false).length).to.be.within(10, 60);
    expect(records('User').every((u) => isValidId(String(u.Id)))).to.equal(true);
  });

  it('never repeats an assignment pair, and every PSL-licensed assignment has its holder', () => {
    const pairs = records('PermissionSetAssignment').map((a) => `${String(a.AssigneeId)}:${String(a.PermissionSetId ?? a.PermissionSetGroupId)}`);
    expect(new Set(pairs).size).to.equal(pairs.length);
    const licenseOf = new Map(records('PermissionSet').map((s) => [String(s.Id), typeof s.LicenseId === 'string' ? s.LicenseId : '']));
    const held = new Set(records('PermissionSetLicenseAssign').map((h) => `${String(h.AssigneeId)}:${String(h.PermissionSetLicenseId)}`));
    const needing = records('PermissionSetAssignment').filter((a) => (licenseOf.get(String(a.PermissionSetId)) ?? '').startsWith('0PL'));
    expect(needing.length).to.be.greaterThan(0);
    expect(needing.every((a) => held.has(`${String(a.AssigneeId)}:${licenseOf.get(String(a.PermissionSetId))}`))).to.equal(true);
  });

  it('loads into the emulator, which derives the same seat counts and keeps every assignment', async () => {
    const emulator = await start({ seed });
    try {
      const { store } = emulator.org;
      const holders = new Map<string, number>();
      for (const h of records('PermissionSetLicenseAssign')) holders.set(String(h.PermissionSetLicenseId), (holders.get(String(h.PermissionSetLicenseId)) ?? 0) + 1);
      const psls = [...store.all('PermissionSetLicense')];
      expect(psls.map((p) => p.UsedLicenses)).to.deep.equal(psls.map((p) => holders.get(p.Id) ?? 0));
      expect(psls.some((p) => p.UsedLicenses === p.TotalLicenses)).to.equal(true);
      // 1,800 seeded plus one profile-set assignment per user.
      expect(store.count('PermissionSetAssignment')).to.equal(1800 + 601);
    } finally {
      await emulator.stop();
    }
  });

  it('streams the same org as JSON, and refuses flags it does not know', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await writeOrg(out, { users: 600 });
    expect(JSON.parse(text)).to.deep.equal(seed);
    expect(parseArgs(['--users', '10', '--psls', '2'])).to.deep.equal({ users: 10, psls: 2 });
    expect(() => parseArgs(['--user', '10'])).to.throw('--user');
    expect(() => parseArgs(['--users', 'many'])).to.throw('many');
  });
});
