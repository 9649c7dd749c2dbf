import { type TestOrg, writeCount } from '../support/org-harness.js';

/** Waits until the emulator has served at least `writes` write requests (or any query, for writes = 0). */
export async function waitForProgress(org: TestOrg, writes: number): Promise<void> {
  for (;;) {
    const stats = await org.stats();
    if (writes === 0 ? stats.requests > 2 : writeCount(stats) >= writes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
