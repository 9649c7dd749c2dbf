import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type CommandRun } from '../../test/support/org-harness.js';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

export const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

/** "a / b" to one decimal, or "–" when there is nothing to divide by. */
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');

const TIME = '/usr/bin/time';
const MARK = '__peak_rss_kb=';

export type MemoryRun = CommandRun & { peakRssKb: number; method: string };

/**
 * Runs `node <args>` and reports the child's peak resident set size: GNU time's %M where /usr/bin/time exists,
 * otherwise the kernel's high-water mark (VmHWM in /proc/<pid>/status), read until the child exits.
 */
export function runNodeWithPeakMemory(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<MemoryRun> {
  const viaTime = existsSync(TIME);
  const command = viaTime ? TIME : process.execPath;
  const argv = viaTime ? ['-f', `${MARK}%M`, process.execPath, ...args] : args;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polled = 0;
    const poll = viaTime
      ? undefined
      : setInterval(() => {
          polled = Math.max(polled, highWaterMarkKb(child.pid));
        }, 25);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const marked = new RegExp(`${MARK}(\\d+)`).exec(stderr);
      const peakRssKb = marked ? Number(marked[1]) : polled;
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolvePromise({ code: code ?? 1, stdout, stderr: stderr.replace(/__peak_rss_kb=\d+\n?/, ''), json, peakRssKb, method: viaTime ? 'GNU time %M' : '/proc VmHWM' });
    });
  });
}

function highWaterMarkKb(pid: number | undefined): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
