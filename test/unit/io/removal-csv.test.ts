import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { removalCsvBatches, scanRemovalCsv } from '../../../src/io/assignment-csv.js';
import { InputError } from '../../../src/io/input-error.js';

const dir = mkdtempSync(join(tmpdir(), 'removal-csv-'));
let n = 0;
const file = (content: string): string => {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, content);
  return path;
};
const allRows = async (path: string, size = 100): Promise<unknown[]> => {
  const rows: unknown[] = [];
  for await (const batch of removalCsvBatches(path, size)) rows.push(...batch);
  return rows;
};

describe('removal CSV (permset unassign)', () => {
  it('keeps bad rows as problems of their own line instead of refusing the file', async () => {
    const path = file('username,permissionSet,permissionSetGroup\na@x.com,Sales,\n,Sales,\nb@x.com,Sales,Support\nc@x.com,,\nd@x.com,,Support\n');
    const scan = await scanRemovalCsv(path);
    expect(scan).to.include({ rows: 5 });
    expect([...scan.permissionSets]).to.deep.equal(['Sales']);
    expect([...scan.groups]).to.deep.equal(['Support']);
    const rows = (await allRows(path)) as Array<{ index: number; user: string; kind?: string; target?: string; problem?: InputError }>;
    expect(rows.map((r) => [r.index, r.user, r.kind, r.target, r.problem?.key])).to.deep.equal([
      [2, 'a@x.com', 'permissionSet', 'Sales', undefined],
      [3, '', 'permissionSet', 'Sales', 'error.CsvMissingUser'],
      [4, 'b@x.com', 'permissionSet', 'Sales', 'error.CsvOneTarget'],
      [5, 'c@x.com', undefined, undefined, 'error.CsvOneTarget'],
      [6, 'd@x.com', 'permissionSetGroup', 'Support', undefined],
    ]);
  });

  it('never reads the expirationDate column (an assign file works as it is, whatever its expirations)', async () => {
    const path = file('userId,permissionSet,expirationDate\n005000000000001AAA,Sales,2001-01-01\n005000000000002AAA,Sales,whenever\n');
    await scanRemovalCsv(path);
    const rows = (await allRows(path)) as Array<{ expiration?: unknown; problem?: unknown }>;
    expect(rows.map((r) => [r.expiration, r.problem])).to.deep.equal([
      [{ kind: 'keep' }, undefined],
      [{ kind: 'keep' }, undefined],
    ]);
  });

  it('marks a repeated row (same user and target, any case) with the line it repeats', async () => {
    const path = file('username,permissionSet\na@x.com,Sales\nb@x.com,Sales\nA@X.com,sales\n');
    expect([...(await scanRemovalCsv(path)).repeats]).to.deep.equal([[4, 2]]);
  });

  it('still refuses a file it cannot read as a whole', async () => {
    for (const [content, key] of [
      ['permissionSet\nSales\n', 'error.CsvUserColumn'],
      ['username,permissionSet\na@x.com,Sales,extra\n', 'error.CsvMalformed'],
      ['username,permissionSet\n', 'error.CsvEmpty'],
    ]) {
      const refusal = await scanRemovalCsv(file(content)).then(
        () => undefined,
        (error: unknown) => error
      );
      expect(refusal, content).to.be.instanceOf(InputError);
      expect((refusal as InputError).key).to.equal(key);
    }
  });

  it('yields batches of the given size', async () => {
    const path = file(`username,permissionSet\n${Array.from({ length: 5 }, (_, i) => `u${i}@x.com,Sales`).join('\n')}\n`);
    const sizes: number[] = [];
    for await (const batch of removalCsvBatches(path, 2)) sizes.push(batch.length);
    expect(sizes).to.deep.equal([2, 2, 1]);
  });
});
