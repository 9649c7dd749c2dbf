import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { saveAuth } from './auth-file.js';
import { start, type TlsOption } from './index.js';

/**
 * `npm run emulator -- --seed FILE [--port N] [--alias NAME] [--latency-ms N] [--recalc-ms N] [--fault-rate R]
 * [--fault-seed S] [--api-limit N] [--tls | --cert FILE --key FILE]`: serves the seeded org until SIGINT/SIGTERM and
 * prints one JSON line when ready (with `caFile` when it serves https).
 */
const USAGE =
  'usage: npm run emulator -- --seed FILE [--port N] [--alias NAME] [--latency-ms N] [--recalc-ms N] [--fault-rate R] [--fault-seed S] [--api-limit N] [--tls | --cert FILE --key FILE]';

function numberOption(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${raw}"\n${USAGE}\n`);
    process.exit(2);
  }
  return value;
}

/** --cert and --key come as a pair and imply --tls; alone, either is an error (exit 1, nothing started). */
function tlsOption(values: { tls?: boolean; cert?: string; key?: string }): TlsOption | undefined {
  const { cert, key } = values;
  if (cert !== undefined && key !== undefined) return { certFile: cert, keyFile: key };
  if (cert !== undefined || key !== undefined) {
    const [given, missing] = cert === undefined ? [`--key ${key}`, '--cert'] : [`--cert ${cert}`, '--key'];
    process.stderr.write(`emulator: ${given} needs ${missing} as well (a certificate and its private key, both PEM)\n${USAGE}\n`);
    process.exit(1);
  }
  return values.tls ? true : undefined;
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
      tls: { type: 'boolean' },
      cert: { type: 'string' },
      key: { type: 'string' },
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
    tls: tlsOption(values),
  });
  if (values.alias) saveAuth(homedir(), emulator, values.alias);
  const { instanceUrl, username, accessToken, orgId, caFile } = emulator;
  process.stdout.write(`${JSON.stringify({ instanceUrl, username, accessToken, orgId, ...(caFile ? { caFile } : {}) })}\n`);
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
