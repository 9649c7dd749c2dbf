import { expect } from 'chai';
import { matchNames, splitQualifiedName } from '../../../src/planning/assignment/names.js';

const rows = [
  { name: 'Sales', namespace: null, value: 'local' },
  { name: 'Sales', namespace: 'acme', value: 'acme' },
  { name: 'Report', namespace: 'acme', value: 'acme-report' },
  { name: 'Export', namespace: 'acme', value: 'acme-export' },
  { name: 'Export', namespace: 'beta', value: 'beta-export' },
];

describe('matchNames', () => {
  const match = (wanted: string): unknown => matchNames([wanted], rows, 'UNKNOWN_PERMISSION_SET').get(wanted);

  it('prefers the un-namespaced record for an unqualified name', () => expect(match('Sales')).to.equal('local'));
  it('matches a qualified name in its namespace only', () => expect(match('acme__Sales')).to.equal('acme'));
  it('takes the single namespaced record of an unqualified name', () => expect(match('Report')).to.equal('acme-report'));
  it('is case-insensitive, as SOQL equality is', () => expect(match('sales')).to.equal('local'));
  it('calls several namespaced candidates ambiguous and lists them', () =>
    expect(match('Export')).to.deep.equal({ reason: 'AMBIGUOUS_NAME', tokens: ['Export', 'acme__Export, beta__Export'] }));
  it('reports an unknown name with the reason it was given', () =>
    expect(match('beta__Sales')).to.deep.equal({ reason: 'UNKNOWN_PERMISSION_SET', tokens: ['beta__Sales'] }));
});

describe('splitQualifiedName', () => {
  it('splits at the first double underscore', () => {
    expect(splitQualifiedName('ns__Name')).to.deep.equal({ namespace: 'ns', name: 'Name' });
    expect(splitQualifiedName('Name')).to.deep.equal({ namespace: null, name: 'Name' });
  });
});
