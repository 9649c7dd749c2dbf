import { expect } from 'chai';
import { HashIndex } from '../store/hash-index.js';
import { canonicalId, checksumOf, IdGenerator, isCanonical18, isValidId, to15, to18 } from '../store/ids.js';
import { MemoryStore } from '../store/memory-store.js';
import { SCHEMA } from '../store/schema.js';
import { SalesforceError } from '../store/types.js';

describe('emulator store: Ids', () => {
  it('computes the case-safety suffix from the upper-case letters of each 5-character block', () => {
    // Block "Gv7qJ" has upper case at positions 0 and 4: bits 1 + 16 = 17 = 'R'; blocks without upper case give 'A'.
    expect(checksumOf('0015000000Gv7qJ')).to.equal('AAR');
    expect(checksumOf('ABCDEFGHIJKLMNO')).to.equal('555');
    expect(to18('0015000000Gv7qJ')).to.equal('0015000000Gv7qJAAR');
    expect(to18('0015000000Gv7qJAAR')).to.equal('0015000000Gv7qJAAR');
    expect(to15('0015000000Gv7qJAAR')).to.equal('0015000000Gv7qJ');
  });

  it('validates 15- and 18-character Ids, the suffix in either case', () => {
    expect(isValidId('0015000000Gv7qJ')).to.equal(true);
    expect(isValidId('0015000000Gv7qJAAR')).to.equal(true);
    expect(isValidId('0015000000Gv7qJaar')).to.equal(true);
    expect(isValidId('0015000000Gv7qJAAA')).to.equal(false);
    expect(isValidId('0015000000Gv7q')).to.equal(false);
    expect(isValidId('0015000000Gv7q-AAR')).to.equal(false);
  });

  it('recovers the case of an 18-character Id from its suffix', () => {
    expect(isCanonical18('0015000000Gv7qJAAR')).to.equal(true);
    expect(isCanonical18('0015000000gv7qjAAR')).to.equal(false);
    expect(canonicalId('0015000000gv7qjaar')).to.equal('0015000000Gv7qJAAR');
    expect(canonicalId('0015000000GV7QJAAR')).to.equal('0015000000Gv7qJAAR');
    expect(canonicalId('0015000000Gv7qJ')).to.equal('0015000000Gv7qJAAR');
    expect(canonicalId('not-an-id')).to.equal('not-an-id');
  });

  it('generates deterministic, valid Ids per prefix with independent counters', () => {
    const a = new IdGenerator();
    const b = new IdGenerator();
    const first = [a.next('005'), a.next('005'), a.next('0PS')];
    expect([b.next('005'), b.next('005'), b.next('0PS')]).to.deep.equal(first);
    expect(first.every((id) => id.length === 18 && isValidId(id))).to.equal(true);
    expect(first.map((id) => id.slice(0, 3))).to.deep.equal(['005', '005', '0PS']);
    expect(new Set(first).size).to.equal(3);
    expect(first[2].slice(3, 15)).to.equal(first[0].slice(3, 15));
  });
});

describe('emulator store: HashIndex', () => {
  it('keys Ids in any length or case to one bucket and names case-insensitively', () => {
    const ids = new HashIndex('id');
    ids.add('0015000000Gv7qJAAR', 'r1');
    ids.add('0015000000Gv7qJ', 'r2');
    expect(ids.lookup('0015000000gv7qjaar')).to.deep.equal(['r1', 'r2']);
    const names = new HashIndex('text');
    names.add('Sales', 'r1');
    expect([names.lookup('SALES'), names.lookup('Sales ')]).to.deep.equal([['r1'], []]);
    names.add(null, 'r2');
    expect(names.lookup(null)).to.equal(undefined);
  });

  it('keeps insertion order and removes entries as buckets grow past the array limit', () => {
    const index = new HashIndex('text');
    const members = Array.from({ length: 40 }, (_, i) => `r${i}`);
    for (const id of members) index.add('k', id);
    index.add('k', 'r3');
    expect(index.lookup('k')).to.deep.equal(members);
    for (const id of members.slice(0, 39)) index.remove('k', id);
    expect(index.lookup('k')).to.deep.equal(['r39']);
    index.remove('k', 'r39');
    index.remove('missing', 'r1');
    expect(index.lookup('k')).to.deep.equal([]);
  });
});

describe('emulator store: schema', () => {
  const defs = Object.values(SCHEMA);

  it('gives every object a distinct real key prefix', () => {
    const prefixes = Object.fromEntries(defs.map((d) => [d.name, d.keyPrefix]));
    expect(prefixes).to.include({ User: '005', Profile: '00e', UserLicense: '100', PermissionSet: '0PS', PermissionSetGroup: '0PG', PermissionSetAssignment: '0Pa', PermissionSetLicense: '0PL', PermissionSetLicenseAssign: '2LA', ObjectPermissions: '110', FieldPermissions: '01k', SetupEntityAccess: '0J0', Organization: '00D' });
    expect(new Set(Object.values(prefixes)).size).to.equal(defs.length);
  });

  it('names every reference field a relationship and every child relationship an existing reference field', () => {
    for (const def of defs) {
      for (const field of Object.values(def.fields).filter((f) => f.type === 'reference')) {
        expect(field.relationshipName, `${def.name}.${field.name}`).to.be.a('string');
        expect(field.referenceTo, `${def.name}.${field.name}`).to.not.be.empty;
      }
      for (const child of def.childRelationships) {
        const target = SCHEMA[child.childSObject].fields[child.field];
        expect(target?.referenceTo, `${def.name}.${child.relationshipName}`).to.include(def.name);
      }
    }
  });

  it('models the relationships the plugin queries through', () => {
    expect(SCHEMA.PermissionSetAssignment.fields.AssigneeId.relationshipName).to.equal('Assignee');
    expect(SCHEMA.PermissionSet.fields.LicenseId).to.include({ relationshipName: 'License', createable: true, updateable: false });
    expect(SCHEMA.PermissionSet.fields.LicenseId.referenceTo).to.deep.equal(['UserLicense', 'PermissionSetLicense']);
    expect(SCHEMA.User.childRelationships.map((c) => c.relationshipName)).to.include.members(['PermissionSetAssignments', 'PermissionSetLicenseAssignments']);
    expect(SCHEMA.PermissionSetGroup.fields.Status).to.include({ createable: false, updateable: false });
    expect(SCHEMA.PermissionSetAssignment.fields).to.not.have.property('CreatedDate');
    expect(SCHEMA.PermissionSetAssignment.fields).to.have.property('SystemModstamp');
  });
});

describe('emulator store: MemoryStore', () => {
  let clock = new Date('2026-01-01T00:00:00.000Z');
  let store: MemoryStore;
  const user = (name: string, extra: Record<string, unknown> = {}): string =>
    store.insert('User', { Username: `${name}@x.org`, FirstName: name, LastName: 'Test', IsActive: true, ...extra }).Id;

  beforeEach(() => {
    clock = new Date('2026-01-01T00:00:00.000Z');
    store = new MemoryStore(SCHEMA, { now: () => clock });
  });

  it('fills Id, defaults and audit stamps from the injected clock on insert', () => {
    const record = store.insert('User', { Username: 'a@x.org', FirstName: 'Ann', LastName: 'Lee' });
    expect(record.Id).to.match(/^005[a-zA-Z0-9]{15}$/);
    expect(isValidId(record.Id)).to.equal(true);
    expect(record).to.include({ CreatedDate: '2026-01-01T00:00:00.000+0000', LastModifiedDate: '2026-01-01T00:00:00.000+0000', SystemModstamp: '2026-01-01T00:00:00.000+0000', IsActive: false, Email: null, Name: 'Ann Lee' });
    const psa = store.insert('PermissionSetAssignment', { AssigneeId: record.Id });
    expect(psa).to.not.have.property('CreatedDate');
    expect(psa.SystemModstamp).to.equal('2026-01-01T00:00:00.000+0000');
  });

  it('keeps a given Id, widening a 15-character one, and refuses a duplicate', () => {
    const id18 = to18('005000000000001');
    expect(store.insert('User', { Id: '005000000000001', LastName: 'A' }).Id).to.equal(id18);
    expect(() => store.insert('User', { Id: id18, LastName: 'B' })).to.throw(SalesforceError, 'duplicate value found');
    expect(store.newId('User')).to.not.equal(id18);
  });

  it('finds records by 15- or 18-character Id and knows their type from the prefix', () => {
    const id = user('a');
    expect(store.get(id)?.Username).to.equal('a@x.org');
    expect(store.get(to15(id))?.Id).to.equal(id);
    expect(store.get(id.slice(0, 15) + id.slice(15).toLowerCase())?.Id).to.equal(id);
    expect(store.get('005000000000zzz')).to.equal(undefined);
    expect(store.typeOfId(id)).to.equal('User');
    expect(store.typeOfId('zzz000000000000')).to.equal(undefined);
  });

  it('resolves object names case-insensitively and throws INVALID_TYPE for unknown ones', () => {
    expect(store.objectFor('permissionsetassignment').name).to.equal('PermissionSetAssignment');
    expect(() => store.objectFor('Account')).to.throw(SalesforceError, "sObject type 'Account' is not supported").with.property('errorCode', 'INVALID_TYPE');
  });

  it('finds by indexed names case-insensitively, by references in either Id length, and by unindexed fields', () => {
    const a = user('Alpha');
    user('beta', { IsActive: false });
    expect(store.findBy('User', 'Username', 'ALPHA@x.org').map((r) => r.Id)).to.deep.equal([a]);
    const ps = store.insert('PermissionSet', { Name: 'Sales', Label: 'Sales' }).Id;
    const psa = store.insert('PermissionSetAssignment', { AssigneeId: a, PermissionSetId: ps }).Id;
    expect(store.findBy('PermissionSetAssignment', 'AssigneeId', to15(a)).map((r) => r.Id)).to.deep.equal([psa]);
    expect(store.findBy('PermissionSetAssignment', 'PermissionSetGroupId', null).map((r) => r.Id)).to.deep.equal([psa]);
    expect(store.findBy('User', 'IsActive', false).map((r) => r.Username)).to.deep.equal(['beta@x.org']);
    expect(store.isIndexed('PermissionSetAssignment', 'AssigneeId')).to.equal(true);
    expect(store.isIndexed('User', 'IsActive')).to.equal(false);
    expect(store.count('User')).to.equal(2);
    expect([...store.all('User')].map((r) => r.Username)).to.deep.equal(['Alpha@x.org', 'beta@x.org']);
  });

  it('re-indexes and restamps on update and forgets deleted records', () => {
    const a = user('a');
    clock = new Date('2026-01-02T00:00:00.000Z');
    store.update(a, { Username: 'renamed@x.org', FirstName: 'Re' });
    expect(store.get(a)).to.include({ Name: 'Re Test', LastModifiedDate: '2026-01-02T00:00:00.000+0000', CreatedDate: '2026-01-01T00:00:00.000+0000' });
    expect(store.findBy('User', 'Username', 'a@x.org')).to.deep.equal([]);
    expect(store.findBy('User', 'Username', 'renamed@x.org')).to.have.length(1);
    store.delete(a);
    expect([store.get(a), store.findBy('User', 'Username', 'renamed@x.org'), store.count('User')]).to.deep.equal([undefined, [], 0]);
    expect(() => store.update(a, { FirstName: 'x' })).to.throw(SalesforceError).with.property('errorCode', 'ENTITY_IS_DELETED');
  });

  it('undoes every insert, update and delete of a failed transaction, indexes included', () => {
    const a = user('a');
    const b = user('b');
    expect(() =>
      store.transaction(() => {
        user('c');
        store.update(a, { Username: 'changed@x.org' });
        store.delete(b);
        throw new Error('boom');
      })
    ).to.throw('boom');
    expect([...store.all('User')].map((r) => r.Username).sort()).to.deep.equal(['a@x.org', 'b@x.org']);
    expect(store.findBy('User', 'Username', 'changed@x.org')).to.deep.equal([]);
    expect(store.findBy('User', 'Username', 'a@x.org').map((r) => r.Id)).to.deep.equal([a]);
    expect(store.findBy('User', 'Username', 'c@x.org')).to.deep.equal([]);
    expect(store.get(b)?.Username).to.equal('b@x.org');
  });

  it('commits a successful transaction and rolls an inner one back into the outer log', () => {
    const kept = store.transaction(() => user('kept'));
    expect(store.get(kept)).to.not.equal(undefined);
    expect(() =>
      store.transaction(() => {
        const inner = store.transaction(() => user('inner'));
        expect(() => store.transaction(() => (user('lost'), store.delete(inner), assertThrow()))).to.throw('inner failure');
        expect(store.get(inner)?.Username).to.equal('inner@x.org');
        expect(store.findBy('User', 'Username', 'lost@x.org')).to.deep.equal([]);
        throw new Error('outer failure');
      })
    ).to.throw('outer failure');
    expect([...store.all('User')].map((r) => r.Username)).to.deep.equal(['kept@x.org']);
  });
});

function assertThrow(): never {
  throw new Error('inner failure');
}
