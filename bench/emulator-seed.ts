/**
 * Not a test: how long the emulator takes to come up on the large generated org (issue 3: under 10 s and 1 GB).
 * Run: node --expose-gc --import tsx bench/emulator-seed.ts [users]
 */
import { start } from '../test/emulator/index.js';
import { generateOrg } from '../test/emulator/seeds/generate.js';

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 100_000);
  const generated = performance.now();
  const seed = generateOrg({ users });
  const generateMs = performance.now() - generated;
  const begun = performance.now();
  const emulator = await start({ seed });
  const seedMs = performance.now() - begun;
  const counts = Object.fromEntries(['User', 'PermissionSet', 'PermissionSetGroup', 'PermissionSetLicense', 'PermissionSetAssignment', 'PermissionSetLicenseAssign'].map((t) => [t, emulator.org.store.count(t)]));
  const rssMb = Math.round(process.memoryUsage().rss / 1e6);
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1e3);
  await emulator.stop();
  process.stdout.write(
    `${JSON.stringify({ users, generateMs: Math.round(generateMs), seedMs: Math.round(seedMs), rssMb, peakRssMb: peakMb, counts, node: process.version }, null, 1)}\n`
  );
}

void main();
