import { expect } from 'chai';
import { start } from '../index.js';
import { parseDateTime } from '../org/clock.js';
import { SeedBuilder } from '../../support/seed-builder.js';

describe('emulator seeds: __changedAt on a group', () => {
  it('stamps the group\'s LastModifiedDate at that time (a group stuck for hours) and leaves the clock as it was', async () => {
    const seed = new SeedBuilder().permissionSet('A').group('Stuck', ['A'], { __status: 'Updating', __changedAt: '@now-3h' }).group('Fresh', ['A'], { __status: 'Outdated' }).build();
    const emulator = await start({ seed });
    try {
      const [stuck] = emulator.org.store.findBy('PermissionSetGroup', 'DeveloperName', 'Stuck');
      const [fresh] = emulator.org.store.findBy('PermissionSetGroup', 'DeveloperName', 'Fresh');
      const now = emulator.org.clock.now().getTime();
      const age = (record: Record<string, unknown>): number => now - parseDateTime(String(record.LastModifiedDate))!.getTime();
      expect(stuck.Status).to.equal('Updating');
      expect(age(stuck)).to.be.within(3 * 3_600_000 - 5_000, 3 * 3_600_000 + 5_000);
      expect(age(fresh)).to.be.below(5_000);
      expect(Math.abs(now - Date.now())).to.be.below(5_000);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a value it cannot read, naming it', async () => {
    const seed = new SeedBuilder().permissionSet('A').group('Stuck', ['A'], { __status: 'Updating', __changedAt: 'yesterday' }).build();
    let error: unknown;
    try {
      await start({ seed });
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).to.include('__changedAt: cannot read "yesterday"');
  });
});
