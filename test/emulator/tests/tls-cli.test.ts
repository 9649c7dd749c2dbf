import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cliEnv, runNode, spawnNode, type RunningCommand } from '../../support/org-harness.js';
import { generateLocalCertificates } from '../server/tls-certificate.js';
import { V } from './client.js';
import { httpsCall } from './https-client.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = ['--import', 'tsx', join(ROOT, 'test', 'emulator', 'cli.ts'), '--seed', join(ROOT, 'test', 'emulator', 'seeds', 'demo.json')];

type ReadyLine = { instanceUrl: string; username: string; accessToken: string; orgId: string; caFile?: string };

/** The emulator's one JSON line on stdout, or a failure with what it printed if it exits first. */
function readyLine(running: RunningCommand): Promise<ReadyLine> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    running.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolvePromise(JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as ReadyLine);
    });
    void running.done.then((run) => reject(new Error(`the emulator exited ${run.code} before it was ready: ${run.stderr}`)));
  });
}

/** `npm run emulator` as users start it: a child process, over https. */
describe('the emulator CLI with --tls, --cert and --key', function () {
  this.timeout(120_000);
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'emulator-cli-tls-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('prints caFile on its ready line, saves an https auth for --alias, and removes the certificate on SIGTERM', async () => {
    const running = spawnNode([...CLI, '--tls', '--alias', 'secure'], { env: cliEnv(home) });
    try {
      const ready = await readyLine(running);
      expect(ready.instanceUrl).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(ready)).to.deep.equal(['instanceUrl', 'username', 'accessToken', 'orgId', 'caFile']);
      const auth = JSON.parse(readFileSync(join(home, '.sfdx', `${ready.username}.json`), 'utf8')) as { instanceUrl: string };
      expect(auth.instanceUrl).to.equal(ready.instanceUrl);
      const soql = encodeURIComponent('SELECT COUNT() FROM User');
      const answer = await httpsCall(`${ready.instanceUrl}${V}/query?q=${soql}`, { ca: readFileSync(ready.caFile!, 'utf8'), token: ready.accessToken });
      expect([answer.status, (answer.body as { totalSize: number }).totalSize]).to.deep.equal([200, 50]);
      expect(existsSync(ready.caFile!)).to.equal(true);
      running.child.kill('SIGTERM');
      expect((await running.done).code).to.equal(0);
      expect(existsSync(dirname(ready.caFile!))).to.equal(false);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('exits 1 with the file named and no ready line when --cert or --key is missing, unreadable, not PEM or mismatched', async () => {
    const [made, other] = await Promise.all([generateLocalCertificates(), generateLocalCertificates()]);
    const cert = join(home, 'cert.pem');
    const key = join(home, 'key.pem');
    const otherKey = join(home, 'other-key.pem');
    const garbage = join(home, 'garbage.pem');
    writeFileSync(cert, made.cert + made.caCert);
    writeFileSync(key, made.key);
    writeFileSync(otherKey, other.key);
    writeFileSync(garbage, 'hello\n');
    const cases: Array<[string[], string]> = [
      [['--cert', cert], `--cert ${cert} needs --key`],
      [['--tls', '--key', key], `--key ${key} needs --cert`],
      [['--cert', join(home, 'absent.pem'), '--key', key], `TLS certificate file ${join(home, 'absent.pem')} cannot be read`],
      [['--cert', cert, '--key', home], `TLS private key file ${home} cannot be read`],
      [['--cert', garbage, '--key', key], `TLS certificate file ${garbage} holds no PEM certificate`],
      [['--cert', cert, '--key', otherKey], `TLS private key file ${otherKey} does not belong to the certificate in ${cert}`],
    ];
    const runs = await Promise.all(cases.map(([flags]) => runNode([...CLI, ...flags, '--alias', 'bad'], { env: cliEnv(home) })));
    runs.forEach((run, i) => {
      expect([run.code, run.stdout], run.stderr).to.deep.equal([1, '']);
      expect(run.stderr).to.include(cases[i][1]);
    });
    // Nothing was saved for the alias either: the start stopped before it.
    const aliases = join(home, '.sfdx', 'alias.json');
    expect(existsSync(aliases) ? readFileSync(aliases, 'utf8') : '').to.not.include('"bad"');
  });
});
