import { expect } from 'chai';
import { closestNames, fieldFormProblem, isProblem, resolveAsked } from '../../../../src/planning/access/asked.js';
import { differences } from '../../../../src/planning/access/compare.js';
import { groupGrants } from '../../../../src/planning/access/group-grants.js';
import { expandGrants, metadataFieldKeys, metadataObjectKeys, parseKey } from '../../../../src/planning/access/keys.js';
import { mutedButGrantedElsewhere } from '../../../../src/planning/access/mute-effect.js';
import { group, input, mute, set } from './fixtures.js';

describe('access model: a group\'s grants, keys, comparisons', () => {
  it('is the union of the members minus the mute, naming the members behind each grant', () => {
    const result = groupGrants([set('A', ['ModifyAllData', 'Account.Read']), set('B', ['Account.Read', 'ViewSetup'])], mute('M', ['ModifyAllData']));
    expect(Object.fromEntries(result.effective)).to.deep.equal({ 'Account.Read': ['A', 'B'], ViewSetup: ['B'] });
    expect(Object.fromEntries(result.muted)).to.deep.equal({ ModifyAllData: ['A'] });
    expect(result.mutesNothing).to.deep.equal([]);
  });

  it('reports what the mute names that no member grants', () => {
    const result = groupGrants([set('A', ['Account.Edit'])], mute('M', ['Account.Read', 'ManageUsers', 'Contact.Email.Read']));
    expect(result.mutesNothing).to.deep.equal(['ManageUsers', 'Contact.Email.Read']);
    expect(Object.fromEntries(result.muted)).to.deep.equal({ 'Account.Read': ['A'], 'Account.Edit': ['A'] });
  });

  it('parses the three key shapes and refuses anything else', () => {
    expect(parseKey('Account.ViewAll')).to.deep.equal({ kind: 'object', object: 'Account', access: 'ViewAll' });
    expect(parseKey('Account.Industry.Edit')).to.deep.equal({ kind: 'field', object: 'Account', field: 'Industry', access: 'Edit' });
    expect(parseKey('ModifyAllData')).to.deep.equal({ kind: 'system', permission: 'ModifyAllData' });
    expect([parseKey('Account.Write'), parseKey('Account.Industry.Delete'), parseKey('a..b'), parseKey('a.b.c.d')]).to.deep.equal([undefined, undefined, undefined, undefined]);
  });

  it('expands Delete to Edit and Read, and Create to Read only', () => {
    expect([...expandGrants(['Case.Delete'])].sort()).to.deep.equal(['Case.Delete', 'Case.Edit', 'Case.Read']);
    expect([...expandGrants(['Case.Create'])].sort()).to.deep.equal(['Case.Create', 'Case.Read']);
  });

  it('lists what one user has and the other lacks, both ways', () => {
    const left = [{ access: 'A.Edit', granted: true, sources: [] }, { access: 'A.Read', granted: true, sources: [] }];
    const right = [{ access: 'A.Edit', granted: false, sources: [] }, { access: 'A.Read', granted: true, sources: [] }, { access: 'B.Read', granted: true, sources: [] }];
    expect(differences('ann', left, 'bob', right)).to.deep.equal([
      { access: 'A.Edit', left: { user: 'ann', granted: true }, right: { user: 'bob', granted: false } },
      { access: 'B.Read', left: { user: 'ann', granted: false }, right: { user: 'bob', granted: true } },
    ]);
  });

  it('finds a muted access the user still gets elsewhere (mute-ineffective), and not one truly muted', () => {
    const g = group('G', [set('Admin', ['ModifyAllData', 'ManageUsers'])], { mute: mute('M', ['ModifyAllData', 'ManageUsers']) });
    const bypass = mutedButGrantedElsewhere(input({ sets: [{ set: set('Direct', ['ModifyAllData']) }], groups: [{ group: g }] }), g.id);
    expect(bypass).to.deep.equal([{ access: 'ModifyAllData', grantedBy: [{ kind: 'permissionSet', name: 'Direct', applies: true }] }]);
  });
});

describe('access model: asked accesses against describe', () => {
  const describes = new Map([
    ['account', { name: 'Account', fields: [{ name: 'Name', permissionable: false }, { name: 'Industry', permissionable: true }] }],
    ['Nope', undefined],
  ]);

  it('refuses a field given without its object, before anything is read', () => {
    expect(fieldFormProblem(['Account.Industry', 'Industry'])).to.deep.equal({ key: 'error.FieldWithoutObject', tokens: ['Industry'] });
    expect(fieldFormProblem(['Account.Industry'])).to.equal(undefined);
  });

  it("spells keys the org's way and splits fields with and without field permissions", () => {
    const resolved = resolveAsked({ objects: ['account'], fields: ['ACCOUNT.industry', 'account.name'], permissions: ['modifyalldata'] }, describes, ['ModifyAllData', 'ViewSetup']);
    expect(resolved).to.deep.include({ objects: ['Account'], fields: ['Account.Industry'], objectFields: ['Account.Name'], permissions: ['ModifyAllData'] });
    expect(isProblem(resolved) ? [] : resolved.keys.slice(-5)).to.deep.equal(['Account.Industry.Read', 'Account.Industry.Edit', 'Account.Name.Read', 'Account.Name.Edit', 'ModifyAllData']);
  });

  it('names the closest valid names of an unknown object, field or permission', () => {
    expect(resolveAsked({ objects: ['Nope'], fields: [], permissions: [] }, describes, [], ['Note', 'Account', 'Nope__c'])).to.deep.equal({ key: 'error.UnknownObject', tokens: ['Nope', 'Nope__c, Note'] });
    expect(resolveAsked({ objects: [], fields: ['Account.Industri'], permissions: [] }, describes, [])).to.deep.equal({ key: 'error.UnknownField', tokens: ['Account.Industri', 'Account', 'Account.Industry'] });
    expect(resolveAsked({ objects: [], fields: [], permissions: ['ModifyAlData'] }, describes, ['ModifyAllData', 'ViewSetup'])).to.deep.equal({ key: 'error.UnknownPermission', tokens: ['ModifyAlData', 'ModifyAllData'] });
    expect(closestNames('Zzzzzz', ['Account'])).to.deep.equal([]);
  });
});

describe('access model: keys from metadata XML blocks (for the source audit)', () => {
  it('reads objectPermissions and fieldPermissions blocks, "true" strings included', () => {
    expect(metadataObjectKeys('Account', { allowRead: 'true', allowEdit: true, allowDelete: 'false', modifyAllRecords: false })).to.deep.equal(['Account.Read', 'Account.Edit']);
    expect(metadataFieldKeys('Account.Industry', { readable: 'true', editable: 'false' })).to.deep.equal(['Account.Industry.Read']);
  });
});
