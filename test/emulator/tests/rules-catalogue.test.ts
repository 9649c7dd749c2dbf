import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { RULES } from '../rules/catalogue.js';

describe('emulator rules catalogue', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  for (const [id, rule] of Object.entries(RULES)) {
    it(`documents ${id} in test/emulator/README.md with its code and source`, () => {
      const row = readme.split('\n').find((line) => line.includes(`(\`${id}\`)`));
      expect(row, `no README row for ${id}`).to.be.a('string');
      expect(row).to.include(rule.code);
      expect(row).to.include(rule.source);
      expect(rule.source.trim()).to.not.equal('');
    });
  }
});
