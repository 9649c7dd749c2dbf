import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cliEnv, type CommandRun, runNode } from './org-harness.js';

/** The real Salesforce CLI the fidelity and end-to-end tests run: pinned, installed into a git-ignored cache. */
export const SF_CLI_VERSION = '2.150.6';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = join(ROOT, '.cache', 'sf');
const RUN_JS = join(CACHE, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');

function installedVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(CACHE, 'node_modules', '@salesforce', 'cli', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs @salesforce/cli@SF_CLI_VERSION into .cache/sf when it is missing or another version (from the npm
 * registry, without install scripts: the CLI needs none), and returns the path of its bin/run.js.
 */
export async function ensureSfCli(): Promise<string> {
  if (installedVersion() === SF_CLI_VERSION && existsSync(RUN_JS)) return RUN_JS;
  // Test files may run in parallel workers: one installs, the others wait for it and then find it installed.
  await withInstallLock(async () => {
    if (installedVersion() === SF_CLI_VERSION && existsSync(RUN_JS)) return;
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(join(CACHE, 'package.json'), JSON.stringify({ name: 'sf-cli-cache', private: true }));
    await promisify(execFile)('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `@salesforce/cli@${SF_CLI_VERSION}`], {
      cwd: CACHE,
      maxBuffer: 64 * 1024 * 1024,
    });
  });
  if (installedVersion() !== SF_CLI_VERSION) throw new Error(`could not install @salesforce/cli@${SF_CLI_VERSION} into ${CACHE}`);
  return RUN_JS;
}

const LOCK = `${CACHE}.lock`;
/** An install takes under a minute here; a lock older than this was left by a killed run. */
const STALE_LOCK_MS = 10 * 60_000;

/** mkdir is atomic: whoever creates the lock folder installs; the others poll until it is gone. */
async function withInstallLock(work: () => Promise<void>): Promise<void> {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Runs the real `sf` (on this Node) with an isolated HOME and the test environment. */
export function runSf(runJs: string, args: string[], home: string, env: Record<string, string> = {}): Promise<CommandRun> {
  return runNode([runJs, ...args], { env: cliEnv(home, env) });
}
