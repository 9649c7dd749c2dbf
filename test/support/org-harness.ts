import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveAuth } from '../emulator/auth-file.js';
import { start } from '../emulator/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUN_JS = join(ROOT, 'bin', 'run.js');

export type CommandRun = {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON (--json runs), else undefined. */
  json?: unknown;
};

export type EmulatorStats = { requests: number; byMethod: Record<string, number>; byEndpoint: Record<string, number> };
export type Dump = { records: Record<string, Array<Record<string, unknown>>> };

export type TestOrg = {
  alias: string;
  username: string;
  home: string;
  instanceUrl: string;
  accessToken: string;
  /** Runs `node bin/run.js <args>` (the compiled plugin) with this org's HOME; adds --target-org unless given. */
  run(args: string[], options?: { env?: Record<string, string>; cwd?: string; targetOrg?: boolean }): Promise<CommandRun>;
  /** Like run, but returns at once with the child process (for SIGINT / SIGKILL tests). */
  spawn(args: string[]): RunningCommand;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  dump(): Promise<Dump>;
  control(path: string, body?: unknown): Promise<unknown>;
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
};

export type EmulatorOptions = Omit<Parameters<typeof start>[0], 'seed'>;

/** Test environment for child processes: no telemetry, no auto-update, an isolated HOME. */
export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_LOG_LEVEL: 'fatal',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    CI: 'true',
    ...extra,
  };
}

export type RunningCommand = { child: ChildProcess; done: Promise<CommandRun> };

/** Spawns `node <args>` without waiting: the caller may signal the child (SIGINT, SIGKILL) while it runs. */
export function spawnNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): RunningCommand {
  const child = spawn(process.execPath, args, { env: options.env, cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<CommandRun>((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr, json });
    });
  });
  return { child, done };
}

export function runNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CommandRun> {
  return spawnNode(args, options).done;
}

/** Starts the emulator in this process on `seed` and logs an isolated HOME into it under an alias. */
export async function startTestOrg(seed: unknown, options: EmulatorOptions = {}): Promise<TestOrg> {
  const emulator = await start({ ...options, seed } as Parameters<typeof start>[0]);
  const home = mkdtempSync(join(tmpdir(), 'permset-ops-home-'));
  const alias = 'testorg';
  saveAuth(home, emulator, alias);
  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${emulator.instanceUrl}/__emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${emulator.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator control ${path}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    alias,
    username: emulator.username,
    home,
    instanceUrl: emulator.instanceUrl,
    accessToken: emulator.accessToken,
    run: (args, runOptions = {}) =>
      runNode([RUN_JS, ...args, ...(runOptions.targetOrg === false || args.includes('--target-org') ? [] : ['--target-org', alias])], {
        env: cliEnv(home, runOptions.env),
        cwd: runOptions.cwd,
      }),
    spawn: (args) => spawnNode([RUN_JS, ...args, '--target-org', alias], { env: cliEnv(home) }),
    stats: async () => (await control('stats')) as EmulatorStats,
    resetStats: async () => {
      await control('stats/reset', {});
    },
    dump: async () => (await control('dump')) as Dump,
    control,
    advanceClock: async (ms) => {
      await control('clock', { advanceMs: ms });
    },
    stop: async () => {
      await emulator.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Requests that change the org (POST, PATCH, DELETE) in emulator statistics. */
export function writeCount(stats: EmulatorStats): number {
  return (stats.byMethod.POST ?? 0) + (stats.byMethod.PATCH ?? 0) + (stats.byMethod.DELETE ?? 0);
}
