import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { saveAuth } from './auth-file.js';
import { start } from './index.js';

/**
 * `npm run emulator -- --seed FILE [--port N] [--alias NAME] [--latency-ms N] [--recalc-ms N] [--fault-rate R]
 * [--fault-seed S] [--api-limit N]`: serves the seeded org until SIGINT/SIGTERM and prints one JSON line when ready.
 */
const USAGE = 'usage: npm run emulator -- --seed FILE [--port N] [--alias NAME] [--latency-ms N] [--recalc-ms N] [--fault-rate R] [--fault-seed S] [--api-limit N]';

function numberOption(values: Record<string, string | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${raw}"\n${USAGE}\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      port: { type: 'string' },
      alias: { type: 'string' },
      'latency-ms': { type: 'string' },
      'recalc-ms': { type: 'string' },
      'fault-rate': { type: 'string' },
      'fault-seed': { type: 'string' },
      'api-limit': { type: 'string' },
    },
  });
  if (!values.seed) {
    process.stderr.write(`--seed is required\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await start({
    seed: values.seed,
    port: numberOption(values, 'port'),
    latencyMs: numberOption(values, 'latency-ms'),
    recalcMs: numberOption(values, 'recalc-ms'),
    faultRate: numberOption(values, 'fault-rate'),
    faultSeed: numberOption(values, 'fault-seed'),
    apiLimit: numberOption(values, 'api-limit'),
  });
  if (values.alias) saveAuth(homedir(), emulator, values.alias);
  const { instanceUrl, username, accessToken, orgId } = emulator;
  process.stdout.write(`${JSON.stringify({ instanceUrl, username, accessToken, orgId })}\n`);
  const stop = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
