import { expect } from 'chai';
import { explainAccess, heldKeys } from '../../../../src/planning/access/explain.js';
import { group, input, mute, NOW, set, user } from './fixtures.js';

const DAY = 86_400_000;
const inDays = (days: number): string => new Date(NOW.getTime() + days * DAY).toISOString();
const one = (...args: Parameters<typeof explainAccess>): ReturnType<typeof explainAccess>[number] => explainAccess(...args)[0];

describe('access model: explainAccess', () => {
  it('grants from the profile set and names the profile as the source', () => {
    const verdict = one(input({ profile: { name: 'Sales User', set: set('X00ex', ['Account.Read']) } }), ['Account.Read']);
    expect(verdict).to.deep.equal({ access: 'Account.Read', granted: true, sources: [{ kind: 'profile', name: 'Sales User', applies: true }] });
  });

  it('lists every source of a union: the profile, a direct set and a group member', () => {
    const sales = set('Sales', ['Account.Edit']);
    const verdict = one(
      input({ profile: { name: 'P', set: set('p', ['Account.Read']) }, sets: [{ set: set('Direct', ['Account.Read']) }], groups: [{ group: group('G', [sales]) }] }),
      ['Account.Read']
    );
    expect(verdict.granted).to.equal(true);
    expect(verdict.sources.map((s) => [s.kind, s.name, s.memberSet])).to.deep.equal([
      ['profile', 'P', undefined],
      ['permissionSet', 'Direct', undefined],
      ['group', 'G', 'Sales'],
    ]);
  });

  it('is not granted when nothing grants it, with no sources', () => {
    expect(one(input({ sets: [{ set: set('Other', ['Contact.Read']) }] }), ['Account.Read'])).to.deep.equal({ access: 'Account.Read', granted: false, sources: [] });
  });

  it("mutes inside the group: the member's grant does not apply and names the mute", () => {
    const g = group('Sales_Team', [set('Sales', ['Account.Edit'])], { mute: mute('No_Edit', ['Account.Edit']) });
    const verdict = one(input({ groups: [{ group: g }] }), ['Account.Edit']);
    expect(verdict.granted).to.equal(false);
    expect(verdict.sources).to.deep.equal([{ kind: 'group', name: 'Sales_Team', memberSet: 'Sales', applies: false, reason: 'muted', mute: 'No_Edit' }]);
  });

  it('leaves what the mute does not name: Read stays when only Edit is muted', () => {
    const g = group('G', [set('Sales', ['Account.Edit'])], { mute: mute('M', ['Account.Edit']) });
    expect(one(input({ groups: [{ group: g }] }), ['Account.Read']).granted).to.equal(true);
  });

  it('does not mute a direct assignment of the same set', () => {
    const sales = set('Sales', ['Account.Edit']);
    const g = group('G', [sales], { mute: mute('M', ['Account.Edit']) });
    const verdict = one(input({ sets: [{ set: sales }], groups: [{ group: g }] }), ['Account.Edit']);
    expect(verdict.granted).to.equal(true);
    expect(verdict.sources.map((s) => [s.kind, s.applies, s.reason])).to.deep.equal([
      ['permissionSet', true, undefined],
      ['group', false, 'muted'],
    ]);
  });

  it("does not mute another group's grant", () => {
    const muted = group('Muted', [set('A', ['Account.Edit'])], { mute: mute('M', ['Account.Edit']) });
    const other = group('Other', [set('B', ['Account.Edit'])]);
    const verdict = one(input({ groups: [{ group: muted }, { group: other }] }), ['Account.Edit']);
    expect(verdict.granted).to.equal(true);
    expect(verdict.sources[0]).to.deep.equal({ kind: 'group', name: 'Other', memberSet: 'B', applies: true });
  });

  it('does not count an expired assignment, and says when it expired', () => {
    const expires = inDays(-1);
    const verdict = one(input({ sets: [{ set: set('Temp', ['ModifyAllData']), expiration: expires }] }), ['ModifyAllData']);
    expect(verdict.granted).to.equal(false);
    expect(verdict.sources).to.deep.equal([{ kind: 'permissionSet', name: 'Temp', applies: false, reason: 'expired', expires }]);
  });

  it('counts an assignment expiring soon but flags it with the date', () => {
    const expires = inDays(3);
    const verdict = one(input({ sets: [{ set: set('Temp', ['ModifyAllData']), expiration: expires }] }), ['ModifyAllData']);
    expect(verdict.sources).to.deep.equal([{ kind: 'permissionSet', name: 'Temp', applies: true, reason: 'expires-soon', expires }]);
    expect(verdict.granted).to.equal(true);
  });

  it('does not flag an expiration beyond the window (default 14 days; the window is a setting)', () => {
    const later = { sets: [{ set: set('Temp', ['ModifyAllData']), expiration: inDays(10) }] };
    expect(one(input(later), ['ModifyAllData']).sources[0].reason).to.equal('expires-soon');
    expect(one(input({ ...later, expiringWithinDays: 7 }), ['ModifyAllData']).sources[0].reason).to.equal(undefined);
  });

  it('answers a field without field permissions (Name) from its object: Read with object Read, Edit with object Edit', () => {
    const base = input({ sets: [{ set: set('R', ['Account.Read']) }], objectFields: new Set(['Account.Name']) });
    const [read, edit] = explainAccess(base, ['Account.Name.Read', 'Account.Name.Edit']);
    expect(read).to.deep.equal({ access: 'Account.Name.Read', granted: true, sources: [{ kind: 'permissionSet', name: 'R', applies: true }] });
    expect(edit.granted).to.equal(false);
  });

  it("does not count a group that is not Updated, naming its Status", () => {
    const g = group('G', [set('Sales', ['Account.Read'])], { status: 'Updating' });
    expect(one(input({ groups: [{ group: g }] }), ['Account.Read']).sources).to.deep.equal([
      { kind: 'group', name: 'G', memberSet: 'Sales', applies: false, reason: 'group-not-updated', status: 'Updating' },
    ]);
  });

  it('does not count a session-based direct set (HasActivationRequired) until activated', () => {
    const verdict = one(input({ sets: [{ set: set('Elevate', ['ModifyAllData'], { activationRequired: true }) }] }), ['ModifyAllData']);
    expect(verdict).to.deep.include({ granted: false });
    expect(verdict.sources[0].reason).to.equal('session-based');
  });

  it('ignores a member set\'s own HasActivationRequired inside a group, but not the group\'s', () => {
    const member = set('Elevate', ['ModifyAllData'], { activationRequired: true });
    expect(one(input({ groups: [{ group: group('G', [member]) }] }), ['ModifyAllData']).granted).to.equal(true);
    const sessionGroup = group('S', [set('Plain', ['ModifyAllData'])], { activationRequired: true });
    expect(one(input({ groups: [{ group: sessionGroup }] }), ['ModifyAllData']).sources[0].reason).to.equal('session-based');
  });

  it('does not count a set whose permission set license the user does not hold, naming the license', () => {
    const cpq = set('CPQ_User', ['Quote__c.Read'], { licenseId: '0PL000000000001AAA', licenseName: 'CPQ' });
    const verdict = one(input({ groups: [{ group: group('G', [cpq]) }] }), ['Quote__c.Read']);
    expect(verdict.sources[0]).to.include({ applies: false, reason: 'license-missing', license: 'CPQ' });
    const holder = user({ licenseIds: new Set(['0PL000000000001AAA']) });
    expect(one(input({ user: holder, groups: [{ group: group('G', [cpq]) }] }), ['Quote__c.Read']).granted).to.equal(true);
  });

  it('grants nothing to an inactive user, profile included', () => {
    const verdict = one(input({ user: user({ isActive: false }), profile: { name: 'P', set: set('p', ['Account.Read']) } }), ['Account.Read']);
    expect(verdict.granted).to.equal(false);
    expect(verdict.sources).to.deep.equal([{ kind: 'profile', name: 'P', applies: false, reason: 'inactive-user' }]);
  });

  it('gives no field access without Read on the object, and says so', () => {
    const verdict = one(input({ sets: [{ set: set('F', ['Account.Industry.Edit']) }] }), ['Account.Industry.Read']);
    expect(verdict.granted).to.equal(false);
    expect(verdict.sources).to.deep.equal([{ kind: 'permissionSet', name: 'F', applies: false, reason: 'field-needs-object-read' }]);
  });

  it('takes object Read for a field from any source (profile Read, field from a set)', () => {
    const verdict = one(input({ profile: { name: 'P', set: set('p', ['Account.Read']) }, sets: [{ set: set('F', ['Account.Industry.Read']) }] }), ['Account.Industry.Read']);
    expect(verdict.granted).to.equal(true);
  });

  it('applies documented implications: Modify All gives View All, Delete, Edit and Read; field Edit gives field Read', () => {
    const all = input({ sets: [{ set: set('Admin', ['Account.ModifyAll', 'Account.Name.Edit']) }] });
    const keys = ['Account.ViewAll', 'Account.Delete', 'Account.Edit', 'Account.Read', 'Account.Create', 'Account.Name.Read'];
    expect(explainAccess(all, keys).map((v) => v.granted)).to.deep.equal([true, true, true, true, false, true]);
  });

  it('lets a muted Read take every object access that requires it down with it', () => {
    const g = group('G', [set('Admin', ['Account.ModifyAll'])], { mute: mute('M', ['Account.Read']) });
    expect(explainAccess(input({ groups: [{ group: g }] }), ['Account.ModifyAll', 'Account.ViewAll', 'Account.Edit']).map((v) => v.granted)).to.deep.equal([false, false, false]);
  });

  it('lists not-assigned sets last, smallest first, capped at 10, only when nothing grants it', () => {
    const candidates = [set('Big', ['Account.Edit', 'Contact.Edit', 'Case.Edit']), set('Small', ['Account.Edit']), ...Array.from({ length: 12 }, (_, i) => set(`Z${i}`, ['Account.Edit', 'Lead.Read']))];
    const verdict = one(input({ sets: [{ set: set('Session', ['Account.Edit'], { activationRequired: true }) }], candidates }), ['Account.Edit']);
    expect(verdict.sources[0].reason).to.equal('session-based');
    expect(verdict.sources.slice(1).map((s) => s.name)).to.deep.equal(['Small', 'Z0', 'Z1', 'Z10', 'Z11', 'Z2', 'Z3', 'Z4', 'Z5', 'Z6']);
    expect(verdict.sources.slice(1).every((s) => s.reason === 'not-assigned' && !s.applies)).to.equal(true);
    expect(verdict.grantWith).to.equal('Small');
    expect(one(input({ profile: { name: 'P', set: set('p', ['Account.Edit']) }, candidates }), ['Account.Edit']).sources).to.have.length(1);
  });

  it('lists Updated groups the user does not hold as not-assigned, unless their mute removes it', () => {
    const open = group('Open', [set('A', ['Account.Edit'])]);
    const muted = group('Muted', [set('B', ['Account.Edit'])], { mute: mute('M', ['Account.Edit']) });
    const late = group('Late', [set('C', ['Account.Edit'])], { status: 'Updating' });
    const big = set('Big', ['Account.Edit', 'Case.Read', 'Lead.Read']);
    const verdict = one(input({ candidates: [big], candidateGroups: [open, muted, late] }), ['Account.Edit']);
    expect(verdict.sources).to.deep.equal([
      { kind: 'group', name: 'Open', memberSet: 'A', applies: false, reason: 'not-assigned' },
      { kind: 'permissionSet', name: 'Big', applies: false, reason: 'not-assigned' },
    ]);
    expect(verdict.grantWith).to.equal('Open');
  });

  it('never lists as not-assigned a set the user holds through a group', () => {
    const sales = set('Sales', ['Account.Edit']);
    const g = group('G', [sales], { mute: mute('M', ['Account.Edit']) });
    const verdict = one(input({ groups: [{ group: g }], candidates: [sales] }), ['Account.Edit']);
    expect(verdict.sources.map((s) => s.reason)).to.deep.equal(['muted']);
  });

  it('heldKeys lists every access any held source grants, implications included', () => {
    const keys = heldKeys(input({ profile: { name: 'P', set: set('p', ['ApiEnabled']) }, groups: [{ group: group('G', [set('S', ['Account.Edit'])]) }] }));
    expect(keys).to.deep.equal(['Account.Edit', 'Account.Read', 'ApiEnabled']);
  });
});
