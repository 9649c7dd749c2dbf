import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { assignmentCsvBatches, scanAssignmentCsv } from '../../../src/io/assignment-csv.js';
import { InputError } from '../../../src/io/input-error.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'csv-'));
let n = 0;
const file = (content: string | Buffer): string => {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, content);
  return path;
};
const refusal = async (path: string): Promise<InputError> => {
  try {
    await scanAssignmentCsv(path, NOW);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
};

describe('assignment CSV', () => {
  it('reads rows with a BOM, empty lines, quotes and both target columns', async () => {
    const path = file('\uFEFFusername,permissionSet,permissionSetGroup,expirationDate\n\na@x.com,Sales,,\n"b@x.com","O\'Brien, ""Ops""",,2027-01-01\nc@x.com,,Support,never\n');
    const scan = await scanAssignmentCsv(path, NOW);
    expect(scan.rows).to.equal(3);
    expect([...scan.permissionSets]).to.deep.equal(['Sales', 'O\'Brien, "Ops"']);
    expect([...scan.groups]).to.deep.equal(['Support']);
    const rows = [];
    for await (const batch of assignmentCsvBatches(path, NOW, 2)) rows.push(batch.length);
    expect(rows).to.deep.equal([2, 1]);
  });

  it('keeps the file line number on each row', async () => {
    const path = file('userId,permissionSet\n005000000000001AAA,Sales\n\n005000000000002AAA,Sales\n');
    const [batch] = await (async () => {
      const all = [];
      for await (const b of assignmentCsvBatches(path, NOW, 10)) all.push(b);
      return all;
    })();
    expect(batch.map((r) => r.index)).to.deep.equal([2, 4]);
  });

  const refused: Array<[string, string | Buffer, string]> = [
    ['a missing user column', 'permissionSet\nSales\n', 'error.CsvUserColumn'],
    ['no target column', 'username\na@x.com\n', 'error.CsvTargetColumn'],
    ['an unknown column', 'username,permissionSet,role\na@x.com,Sales,x\n', 'error.CsvUnknownColumns'],
    ['an extra field on a row', 'username,permissionSet\na@x.com,Sales,extra\n', 'error.CsvMalformed'],
    ['an unclosed quote', 'username,permissionSet\n"a@x.com,Sales\n', 'error.CsvMalformed'],
    ['a row naming a set and a group', 'username,permissionSet,permissionSetGroup\na@x.com,Sales,Support\n', 'error.CsvOneTarget'],
    ['a row without a user', 'username,permissionSet\n,Sales\n', 'error.CsvMissingUser'],
    ['a past expiration', 'username,permissionSet,expirationDate\na@x.com,Sales,2020-01-01\n', 'error.CsvExpirationPast'],
    ['an expiration in another format', 'username,permissionSet,expirationDate\na@x.com,Sales,01/31/2027\n', 'error.CsvExpirationFormat'],
    ['a repeated pair', 'username,permissionSet\na@x.com,Sales\nA@X.com,sales\n', 'error.CsvRepeatedPair'],
    ['a header without rows', 'username,permissionSet\n', 'error.CsvEmpty'],
    ['UTF-16 text', Buffer.from('\uFEFFusername,permissionSet\na,b\n', 'utf16le'), 'error.CsvEncoding'],
    ['Latin-1 text', Buffer.from('username,permissionSet\nm\xfcller@x.com,Sales\n', 'latin1'), 'error.CsvEncoding'],
    ['a 10 MB line', `username,permissionSet\na@x.com,${'x'.repeat(10 * 1024 * 1024)}\n`, 'error.CsvMalformed'],
  ];
  for (const [what, content, key] of refused) {
    it(`refuses ${what} (${key})`, async () => {
      expect((await refusal(file(content))).key).to.equal(key);
    });
  }

  it('refuses a path that is not a file', async () => {
    expect((await refusal(join(dir, 'missing.csv'))).key).to.equal('error.CsvUnreadable');
    expect((await refusal(dir)).key).to.equal('error.CsvUnreadable');
  });
});
