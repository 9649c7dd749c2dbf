import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { type AssignResult } from '../../src/services/assign/results.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { startTestOrg } from '../support/org-harness.js';
import { assignmentKeys } from './org-state.js';
import { itForSeedPairs } from './fault-seeds.js';

const USERS = 1_000;
const TARGETS = [
  { column: 'permissionSet', name: 'Alpha' },
  { column: 'permissionSet', name: 'Beta' },
  { column: 'permissionSetGroup', name: 'Gamma_Team' },
];

/**
 * Issue 8: with 10% injected faults (503, 500, connections dropped before or after the write, per-record
 * UNABLE_TO_LOCK_ROW) and 50 ms latency, 1,000 users × 3 ends with exactly the requested assignments, or with
 * every unfinished row reported and exit code 68 — never a duplicate, never an extra row.
 */
describe('reliability: permset assign under injected faults', function () {
  this.timeout(600_000);
  const seed = new SeedBuilder().users('f', USERS).permissionSet('Alpha').permissionSet('Beta').permissionSet('Gamma').group('Gamma_Team', ['Gamma']).build();
  const requested = new Set<string>();
  const lines = ['username,permissionSet,permissionSetGroup'];
  for (let i = 1; i <= USERS; i++) {
    for (const target of TARGETS) {
      requested.add(`f${i}@test.org|${target.name}`);
      lines.push(target.column === 'permissionSet' ? `f${i}@test.org,${target.name},` : `f${i}@test.org,,${target.name}`);
    }
  }

  async function checkSeed(faultSeed: number): Promise<void> {
    const org = await startTestOrg(seed, { faultRate: 0.1, faultSeed, latencyMs: 50 });
    try {
      const file = join(org.home, 'rows.csv');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const run = await org.run(['permset', 'assign', '-f', file, '--json']);
      expect([0, 68], run.stderr.slice(0, 2000)).to.include(run.code);
      const result = (run.json as { result: AssignResult }).result;
      const unfinished = new Set(result.assignments.filter((a) => a.action === 'failed').map((a) => `${a.username}|${a.permissionSet ?? a.permissionSetGroup}`));
      expect(run.code === 0).to.equal(unfinished.size === 0);
      await org.control('faults', { rate: 0, seed: 1 });
      const { keys, duplicates } = assignmentKeys(await org.dump());
      expect(duplicates).to.deep.equal([]);
      const extra = [...keys].filter((k) => !requested.has(k));
      const missing = [...requested].filter((k) => !keys.has(k) && !unfinished.has(k));
      expect({ extra, missing }).to.deep.equal({ extra: [], missing: [] });
    } finally {
      await org.stop();
    }
  }

  itForSeedPairs('exactly the requested assignments, or the missing ones reported with exit 68', checkSeed);
});
