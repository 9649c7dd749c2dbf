import { readFileSync } from 'node:fs';
import { Clock } from './org/clock.js';
import { EmulatedOrg } from './org/emulated-org.js';
import { loadSeed, type Seed } from './seeds/load.js';
import { EmulatorServer } from './server/http-server.js';
import { prepareTls, type TlsMaterial, type TlsOption } from './server/tls.js';
import { MemoryStore } from './store/memory-store.js';
import { withDataObjects } from './store/data-objects.js';
import { SCHEMA } from './store/schema.js';

export type { Seed } from './seeds/load.js';
export type { TlsOption } from './server/tls.js';

export type StartOptions = {
  /** A seed object, or the path of a seed JSON file. */
  seed: Seed | string;
  port?: number;
  latencyMs?: number;
  recalcMs?: number;
  recalcMsPerAssignee?: number;
  faultRate?: number;
  faultSeed?: number;
  apiLimit?: number;
  /** Serve https: `true` makes a CA and a certificate for 127.0.0.1/localhost; or give PEM files. */
  tls?: TlsOption;
};

export type RunningEmulator = {
  instanceUrl: string;
  username: string;
  accessToken: string;
  orgId: string;
  userId: string;
  org: EmulatedOrg;
  server: EmulatorServer;
  /** With tls: the PEM file a client should trust (NODE_EXTRA_CA_CERTS, Python requests' verify=). */
  caFile?: string;
  stop(): Promise<void>;
};

/**
 * Starts an emulated org on 127.0.0.1 (a free port unless one is given), seeded, ready for requests. With `tls`
 * the certificate is made or checked first, so that bad TLS input fails before anything is seeded or listening.
 */
export async function start(options: StartOptions): Promise<RunningEmulator> {
  const tls = options.tls ? await prepareTls(options.tls) : undefined;
  try {
    return await serve(options, tls);
  } catch (error) {
    tls?.dispose();
    throw error;
  }
}

async function serve(options: StartOptions, tls: TlsMaterial | undefined): Promise<RunningEmulator> {
  const seed = typeof options.seed === 'string' ? (JSON.parse(readFileSync(options.seed, 'utf8')) as Seed) : options.seed;
  // One clock for the org and its audit fields, so that advancing it (POST /__emulator/clock) moves both.
  const clock = new Clock();
  const store = new MemoryStore(withDataObjects(SCHEMA, seed.objects), { now: () => clock.now() });
  const org = new EmulatedOrg(store, { recalcMs: options.recalcMs, recalcMsPerAssignee: options.recalcMsPerAssignee, apiLimit: options.apiLimit }, clock);
  loadSeed(org, seed);
  const server = new EmulatorServer(org, { latencyMs: options.latencyMs, faultRate: options.faultRate, faultSeed: options.faultSeed, tls });
  const instanceUrl = await server.listen(options.port ?? 0).catch((error: unknown) => {
    org.stop();
    throw error;
  });
  const { username, accessToken, orgId, userId } = org.identity;
  return {
    instanceUrl,
    username,
    accessToken,
    orgId,
    userId,
    org,
    server,
    ...(tls ? { caFile: tls.caFile } : {}),
    stop: async () => {
      org.stop();
      await server.close();
      tls?.dispose();
    },
  };
}
