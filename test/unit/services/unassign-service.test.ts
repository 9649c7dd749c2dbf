import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { OrgGateway, connectionPort, type WriteOutcome } from '../../../src/gateway/index.js';
import { readBackup, type RemovalBackupFile } from '../../../src/io/backup-file.js';
import { type DesiredRow } from '../../../src/planning/assignment/types.js';
import { unassign, type UnassignOptions } from '../../../src/services/unassign/unassign-service.js';
import { type UnassignSource } from '../../../src/services/unassign/unassign-source.js';
import { start, type RunningEmulator } from '../../emulator/index.js';
import { emulatorConnection } from '../../support/emulator-connection.js';
import { SeedBuilder } from '../../support/seed-builder.js';

/** Rows of `users` × Sales in batches of `size` (the command's batches are 5,000 rows; a few here). */
function source(users: string[], size: number): UnassignSource {
  const rows: DesiredRow[] = users.map((user, i) => ({ index: i + 1, user, kind: 'permissionSet', target: 'Sales', expiration: { kind: 'keep' } }));
  return {
    permissionSets: new Set(['Sales']),
    groups: new Set(),
    repeats: new Map(),
    async *batches() {
      for (let i = 0; i < rows.length; i += size) yield Promise.resolve(rows.slice(i, i + size));
    },
  };
}

const writesOf = (emulator: RunningEmulator): number =>
  ['POST', 'PATCH', 'DELETE'].reduce((sum, method) => sum + (emulator.server.stats.byMethod[method] ?? 0), 0);

describe('unassign service (real gateway, emulator)', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let gateway: OrgGateway;
  let folder: string;
  const users = Array.from({ length: 10 }, (_, i) => `u${i + 1}@test.org`);
  const options = (over: Partial<UnassignOptions> = {}): UnassignOptions => ({
    dryRun: false,
    orgId: emulator.orgId,
    cwd: folder,
    describe: (b) => `${b.reason}: ${b.tokens.join(' | ')}`,
    confirm: () => Promise.resolve(),
    ...over,
  });

  /** 10 users, 8 of them holding Sales; `runAs` a user on a profile without user-management permissions. */
  async function startOrg(runAs?: 'clerk'): Promise<void> {
    const seed = new SeedBuilder().users('u', 10).permissionSet('Sales');
    for (let i = 1; i <= 8; i++) seed.assign(`u${i}`, 'Sales');
    if (runAs) seed.add('Profile', { ref: 'prof-clerk', Name: 'Clerk', UserLicenseId: 'ref:lic-sf', PermissionsApiEnabled: true }).user(runAs, { ProfileId: 'ref:prof-clerk' });
    const built = seed.build();
    if (runAs) built.org.username = `${runAs}@test.org`;
    emulator = await start({ seed: built });
    gateway = new OrgGateway(connectionPort(await emulatorConnection(emulator)));
    emulator.server.stats.reset();
  }

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'unassign-service-'));
  });
  afterEach(() => emulator.stop());


  it('plans every batch before the guard, which sees the run total before any write', async () => {
    await startOrg();
    const asked: Array<{ deletes: number; writes: number; reads: number }> = [];
    const confirm = (deletes: number): Promise<void> => {
      asked.push({ deletes, writes: writesOf(emulator), reads: gateway.stats.reads });
      return Promise.reject(new Error('not confirmed'));
    };
    const refused = await unassign(gateway, source(users, 3), options({ confirm })).catch((error: Error) => error);
    expect(refused).to.be.instanceOf(Error).with.property('message', 'not confirmed');
    // 8 of the 10 rows exist, over 4 batches; sets 1 read, then users and assignments 2 reads per batch.
    expect(asked).to.deep.equal([{ deletes: 8, writes: 0, reads: 1 + 4 * 2 }]);
    expect(writesOf(emulator)).to.equal(0);
    expect(readdirSync(folder)).to.deep.equal([]);
  });

  it('reports a delete the org refuses as failed (WRITE_FAILED, with its message), deletes the others, and backs them all up', async () => {
    await startOrg();
    const realDelete = gateway.delete.bind(gateway);
    let refusedId = '';
    // One row the org refuses: the first Id of the first delete request is never sent and answered with an error.
    gateway.delete = async (ids, onProgress, writeOptions): Promise<WriteOutcome[]> => {
      if (ids.length === 0) return realDelete(ids, onProgress, writeOptions);
      refusedId = ids[0];
      const rest = await realDelete(ids.slice(1), onProgress, writeOptions);
      return [{ index: 0, success: false, errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' }, ...rest.map((o) => ({ ...o, index: o.index + 1 }))];
    };
    const result = await unassign(gateway, source(users, 3), options());
    const failed = result.assignments.filter((a) => a.action === 'failed');
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ id: refusedId, reason: 'WRITE_FAILED', message: 'WRITE_FAILED: INSUFFICIENT_ACCESS_OR_READONLY | insufficient access rights on object id' });
    expect(result.summary).to.include({ total: 10, deleted: 7, failed: 1, unchanged: 2 });
    const backup = (await readBackup(result.backupFile!)) as RemovalBackupFile;
    expect(backup.removed.assignments.map((a) => a.id)).to.include(refusedId).and.to.have.length(8);
  });

  it('counts an assignment gone by the time its delete comes as deleted (it was there, it is backed up, it is gone)', async () => {
    await startOrg();
    const realDelete = gateway.delete.bind(gateway);
    gateway.delete = async (ids, onProgress, writeOptions): Promise<WriteOutcome[]> => {
      // Someone (or an earlier attempt) removed the first one just before.
      if (ids.length > 0) await realDelete(ids.slice(0, 1));
      return realDelete(ids, onProgress, writeOptions);
    };
    const result = await unassign(gateway, source(users, 4), options());
    expect(result.summary).to.include({ deleted: 8, failed: 0, unchanged: 2 });
  });

  it('stops at the preflight, before the backup and any delete, when the running user cannot assign permission sets', async () => {
    await startOrg('clerk');
    const error = await unassign(gateway, source(users, 5), options()).catch((e: Error) => e);
    expect(error).to.have.property('name', 'MissingPermissionsError');
    expect(writesOf(emulator)).to.equal(0);
    expect(readdirSync(folder)).to.deep.equal([]);
  });
});
