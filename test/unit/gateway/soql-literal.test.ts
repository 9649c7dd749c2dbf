import { expect } from 'chai';
import { isSalesforceId, soqlInList, soqlLikePattern, soqlString } from '../../../src/gateway/index.js';

describe('soqlString', () => {
  it('quotes a plain value', () => {
    expect(soqlString('Sales_Ops')).to.equal("'Sales_Ops'");
  });

  it('keeps an injection attempt inside one literal', () => {
    expect(soqlString("x' OR Name != '")).to.equal("'x\\' OR Name != \\''");
  });

  it('escapes the backslash before the quote so \\\' cannot close the literal', () => {
    expect(soqlString("\\'")).to.equal("'\\\\\\''");
  });

  it('escapes double quotes and control characters', () => {
    expect(soqlString('a"b\nc\td\re\bf\fg')).to.equal(`'a\\"b\\nc\\td\\re\\bf\\fg'`);
  });

  it('leaves LIKE wildcards and non-ASCII alone in an equality literal', () => {
    expect(soqlString('50%_Zürich')).to.equal("'50%_Zürich'");
  });
});

describe('soqlLikePattern', () => {
  it('escapes the value’s own wildcards and adds the requested ones', () => {
    expect(soqlLikePattern("50%_o'k", { suffix: '%' })).to.equal("'50\\%\\_o\\'k%'");
  });
});

describe('soqlInList', () => {
  it('escapes every value', () => {
    expect(soqlInList(['a', "b'c"])).to.equal("('a','b\\'c')");
  });
});

describe('isSalesforceId', () => {
  it('accepts 15 and 18 character ids only', () => {
    expect(isSalesforceId('005000000000001')).to.equal(true);
    expect(isSalesforceId('005000000000001AAA')).to.equal(true);
    expect(isSalesforceId('005000000000001AA')).to.equal(false);
    expect(isSalesforceId("005000000000001'--")).to.equal(false);
  });
});
