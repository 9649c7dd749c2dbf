import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { start, type RunningEmulator } from '../emulator/index.js';
import { cliEnv, type CommandRun, runNode } from '../support/org-harness.js';
import { SeedBuilder } from '../support/seed-builder.js';
import { ensureSfCli } from '../support/sf-cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUN_JS = join(ROOT, 'bin', 'run.js');
const INSECURE_WARNING = 'Using insecure protocol';

type PslJson = { status: number; result: { licenses: Array<{ developerName: string; usedLicenses: number; totalLicenses: number }> } };

/** The child's environment with nothing that would make it trust the emulator's CA (or skip verification). */
function untrusted(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = cliEnv(home, extra);
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  return env;
}

/**
 * Issue 13: clients that insist on https. The real sf CLI logs into the emulator over TLS, trusting its CA through
 * NODE_EXTRA_CA_CERTS, and the plugin then runs over https against the same login.
 */
describe('end to end: the real sf CLI and the plugin over https', function () {
  this.timeout(600_000);
  let sf: string;
  let emulator: RunningEmulator;
  const homes: string[] = [];
  const newHome = (): string => {
    homes.push(mkdtempSync(join(tmpdir(), 'sf-tls-')));
    return homes.at(-1)!;
  };
  let home: string;
  let trusted: Record<string, string>;
  const login = (url: string, env: NodeJS.ProcessEnv): Promise<CommandRun> =>
    runNode([sf, 'org', 'login', 'access-token', '--instance-url', url, '--no-prompt', '--alias', 'tls'], { env });

  before(async () => {
    sf = await ensureSfCli();
    emulator = await start({ seed: new SeedBuilder().users('t', 2).psl('Seats', 3).permissionSet('Licensed', { LicenseId: 'ref:Seats' }).assign('t1', 'Licensed').build(), tls: true });
    trusted = { NODE_EXTRA_CA_CERTS: emulator.caFile! };
    home = newHome();
  });
  after(async () => {
    await emulator?.stop();
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  });

  it('cannot log in without trusting caFile: the certificate is really verified', async () => {
    const other = newHome();
    emulator.server.stats.reset();
    const refused = await login(emulator.instanceUrl, untrusted(other, { SF_ACCESS_TOKEN: emulator.accessToken }));
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('fetch failed');
    // The CLI hides the cause; no request got past the handshake, and the same Node names the reason.
    expect(emulator.server.stats.requests).to.equal(0);
    const probe = await runNode(['-e', `fetch(${JSON.stringify(emulator.instanceUrl)}).catch((e) => console.log(e.cause.code))`], { env: untrusted(other, {}) });
    expect(probe.stdout.trim()).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(existsSync(join(other, '.sfdx', `${emulator.username}.json`))).to.equal(false);
  });

  it('logs in with NODE_EXTRA_CA_CERTS and gives no insecure-protocol warning, which the same login over http gives', async () => {
    const secure = await login(emulator.instanceUrl, cliEnv(home, { SF_ACCESS_TOKEN: emulator.accessToken, ...trusted }));
    expect(secure.code, secure.stdout + secure.stderr).to.equal(0);
    expect(secure.stdout).to.include(`Successfully authorized ${emulator.username}`);
    expect(secure.stdout + secure.stderr).to.not.include(INSECURE_WARNING);
    const plain = await start({ seed: new SeedBuilder().build() });
    try {
      const insecure = await login(plain.instanceUrl, cliEnv(newHome(), { SF_ACCESS_TOKEN: plain.accessToken }));
      expect([insecure.code, insecure.stderr.includes(INSECURE_WARNING)]).to.deep.equal([0, true]);
    } finally {
      await plain.stop();
    }
  });

  it('shows the https instance URL in sf org display', async () => {
    const display = await runNode([sf, 'org', 'display', '--target-org', 'tls', '--json'], { env: cliEnv(home, trusted) });
    const result = (display.json as { result: { instanceUrl: string; connectedStatus: string; username: string } }).result;
    expect([result.instanceUrl.replace(/\/$/, ''), result.connectedStatus, result.username]).to.deep.equal([emulator.instanceUrl, 'Connected', emulator.username]);
    expect(result.instanceUrl).to.match(/^https:/);
  });

  it('runs the plugin over https with the same login (psl report)', async () => {
    emulator.server.stats.reset();
    const report = await runNode([RUN_JS, 'psl', 'report', '--target-org', 'tls', '--json'], { env: cliEnv(home, trusted) });
    expect(report.code, report.stdout + report.stderr).to.equal(0);
    const row = (report.json as PslJson).result.licenses.find((l) => l.developerName === 'Seats');
    expect([row?.usedLicenses, row?.totalLicenses]).to.deep.equal([1, 3]);
    expect(emulator.server.stats.requests).to.be.greaterThan(0);
  });
});
