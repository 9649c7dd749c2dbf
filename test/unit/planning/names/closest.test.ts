import { expect } from 'chai';
import { closestNames, editDistance } from '../../../../src/planning/names/closest.js';

describe('closestNames', () => {
  const groups = ['Sales_Team', 'Service_Team', 'Analytics', 'Sales_Managers', 'Legacy_Export'];

  it('suggests a name one typo away first', () => {
    expect(closestNames('Sales_Taem', groups)[0]).to.equal('Sales_Team');
  });

  it('ignores case', () => {
    expect(closestNames('analytics', groups)).to.deep.equal(['Analytics']);
  });

  it('counts a name that contains the typed one as close', () => {
    expect(closestNames('Legacy', groups)).to.include('Legacy_Export');
  });

  it('suggests nothing when nothing is near', () => {
    expect(closestNames('Zebra', groups)).to.deep.equal([]);
  });

  it('returns at most the number asked for, nearest first', () => {
    expect(closestNames('Sales', groups, 2)).to.have.length(2);
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('abc', 'abc')).to.equal(0);
    expect(editDistance('abcdef', 'x', 3)).to.equal(3);
  });
});
