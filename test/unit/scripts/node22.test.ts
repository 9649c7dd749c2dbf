import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

type Run = { code: number; stdout: string; stderr: string };
const bash = (script: string, args: string[], path: string): Promise<Run> =>
  new Promise((resolvePromise) => {
    execFile('bash', [script, ...args], { env: { PATH: path, HOME: tmpdir() } }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    );
  });

/** A folder with a `node` that answers as Node 20 does and an `npm` that stands for an unreachable registry. */
function oldMachine(): string {
  const bin = mkdtempSync(join(tmpdir(), 'old-node-'));
  writeFileSync(join(bin, 'node'), '#!/bin/sh\nif [ "$1" = "-p" ]; then echo 20; else echo v20.20.2; fi\n');
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "npm error code E404" >&2\nexit 1\n');
  chmodSync(join(bin, 'node'), 0o755);
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

/** Issue 13: the npm scripts that need Node 22 run under scripts/node22.sh, on a machine whose node is older too. */
describe('scripts/node22.sh', () => {
  const made: string[] = [];
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('runs the command with the cached Node 22 first on PATH when the machine node is older', async () => {
    const bin = oldMachine();
    made.push(bin);
    // This checkout's .cache/node holds the binary when the tests run under an older machine node (.ci/run); on a
    // machine whose node is 22 there is none yet: the copy below gets the running node in its place.
    const project = mkdtempSync(join(tmpdir(), 'node22-project-'));
    made.push(project);
    cpSync(join(ROOT, 'scripts'), join(project, 'scripts'), { recursive: true });
    mkdirSync(join(project, '.cache', 'node', 'package', 'bin'), { recursive: true });
    cpSync(process.execPath, join(project, '.cache', 'node', 'package', 'bin', 'node'));
    const run = await bash(join(project, 'scripts', 'node22.sh'), ['node', '-p', 'process.versions.node'], `${bin}:/usr/bin:/bin`);
    expect(run.code, run.stderr).to.equal(0);
    expect(Number(run.stdout.trim().split('.')[0])).to.be.at.least(22);
  });

  it('stops at once, exit 1, saying which Node is needed and the command that gets it, when none can be installed', async () => {
    const bin = oldMachine();
    made.push(bin);
    const project = mkdtempSync(join(tmpdir(), 'node22-project-'));
    made.push(project);
    cpSync(join(ROOT, 'scripts'), join(project, 'scripts'), { recursive: true });
    const run = await bash(join(project, 'scripts', 'node22.sh'), ['node', '-e', 'console.log("ran")'], `${bin}:/usr/bin:/bin`);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.not.include('ran');
    expect(run.stderr).to.include('needs Node.js 22 or later');
    expect(run.stderr).to.include("this machine's node: v20.20.2");
    expect(run.stderr).to.include('bash scripts/ensure-node.sh');
  });
});
