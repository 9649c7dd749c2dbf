import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { SeedBuilder } from '../../support/seed-builder.js';
import { start, type RunningEmulator } from '../index.js';
import { generateLocalCertificates } from '../server/tls-certificate.js';
import { errorCodeOf, V } from './client.js';
import { httpsCall } from './https-client.js';

const seed = new SeedBuilder().users('t', 3).permissionSet('Sales').build();

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('emulator over TLS', function () {
  this.timeout(60_000);

  describe('with a certificate made at start', () => {
    let emulator: RunningEmulator;
    let ca: string;
    before(async () => {
      emulator = await start({ seed, tls: true });
      ca = readFileSync(emulator.caFile!, 'utf8');
    });
    after(() => emulator?.stop());

    it('serves https on 127.0.0.1 and gives caFile, a CA certificate in a folder only its owner can open', () => {
      expect(emulator.instanceUrl).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(statSync(dirname(emulator.caFile!)).mode & 0o777).to.equal(0o700);
      expect(new X509Certificate(ca).ca).to.equal(true);
    });

    it('is trusted by a plain node https request given caFile, with a certificate for 127.0.0.1 and localhost', async () => {
      const answer = await httpsCall(`${emulator.instanceUrl}/services/data`, { ca });
      expect(answer.status).to.equal(200);
      expect((answer.body as Array<{ version: string }>).map((v) => v.version)).to.include('62.0');
      expect(answer.peer.subjectaltname).to.equal('IP Address:127.0.0.1, DNS:localhost');
      const served = new X509Certificate(answer.peer.raw);
      expect([served.ca, served.checkIssued(new X509Certificate(ca)), served.verify(new X509Certificate(ca).publicKey)]).to.deep.equal([false, true, true]);
      // Same port, checked against the DNS name instead of the IP address.
      expect((await httpsCall(`${emulator.instanceUrl}/services/data`, { ca, servername: 'localhost' })).status).to.equal(200);
    });

    it('is refused by a client that does not trust caFile, or that expects another name', async () => {
      expect((await failure(httpsCall(`${emulator.instanceUrl}/services/data`))).code).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect((await failure(httpsCall(`${emulator.instanceUrl}/services/data`, { ca, servername: 'example.org' }))).code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('keeps auth, the control API, counters and faults as over http', async () => {
      const query = `${emulator.instanceUrl}${V}/query?q=${encodeURIComponent('SELECT COUNT() FROM User')}`;
      const refused = await httpsCall(query, { ca, token: 'nope' });
      expect([refused.status, errorCodeOf(refused.body)]).to.deep.equal([401, 'INVALID_SESSION_ID']);
      await httpsCall(`${emulator.instanceUrl}/__emulator/stats/reset`, { ca, token: emulator.accessToken, body: {} });
      const counted = await httpsCall(query, { ca, token: emulator.accessToken });
      expect([counted.status, (counted.body as { totalSize: number }).totalSize]).to.deep.equal([200, 4]);
      const stats = await httpsCall(`${emulator.instanceUrl}/__emulator/stats`, { ca, token: emulator.accessToken });
      expect(stats.body).to.deep.include({ requests: 1, byEndpoint: { 'GET /query': 1 } });
      await httpsCall(`${emulator.instanceUrl}/__emulator/faults`, { ca, token: emulator.accessToken, body: { rate: 1, seed: 3 } });
      // Every request now fails: with a 5xx, or a dropped connection.
      const faulted = await httpsCall(query, { ca, token: emulator.accessToken }).then((answer) => answer.status, (error: Error & { code?: string }) => error.code);
      await httpsCall(`${emulator.instanceUrl}/__emulator/faults`, { ca, token: emulator.accessToken, body: { rate: 0 } });
      expect(faulted).to.be.oneOf([500, 503, 'ECONNRESET']);
    });
  });

  it('removes the folder of a certificate it made when it stops', async () => {
    const emulator = await start({ seed, tls: true });
    const folder = dirname(emulator.caFile!);
    expect(existsSync(join(folder, 'key.pem'))).to.equal(true);
    await emulator.stop();
    expect(existsSync(folder)).to.equal(false);
  });

  describe('with given PEM files', () => {
    let dir: string;
    let files: { chain: string; key: string; otherKey: string; garbage: string; folder: string };
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'emulator-tls-given-'));
      const [made, other] = await Promise.all([generateLocalCertificates(), generateLocalCertificates()]);
      files = { chain: join(dir, 'fullchain.pem'), key: join(dir, 'key.pem'), otherKey: join(dir, 'other-key.pem'), garbage: join(dir, 'garbage.pem'), folder: join(dir, 'folder') };
      writeFileSync(files.chain, made.cert + made.caCert);
      writeFileSync(files.key, made.key);
      writeFileSync(files.otherKey, other.key);
      writeFileSync(files.garbage, 'not a certificate\n');
      mkdirSync(files.folder);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('serves them, with caFile the certificate file, and leaves them in place on stop', async () => {
      const emulator = await start({ seed, tls: { certFile: files.chain, keyFile: files.key } });
      try {
        expect(emulator.caFile).to.equal(files.chain);
        expect((await httpsCall(`${emulator.instanceUrl}/services/data`, { ca: readFileSync(files.chain, 'utf8') })).status).to.equal(200);
      } finally {
        await emulator.stop();
      }
      expect(existsSync(files.chain) && existsSync(files.key)).to.equal(true);
    });

    it('refuses a missing, unreadable, non-PEM or mismatched file before listening, naming the file', async () => {
      const port = await freePort();
      const cases: Array<[{ certFile: string; keyFile: string }, RegExp]> = [
        [{ certFile: join(dir, 'missing.pem'), keyFile: files.key }, /TLS certificate file \S+missing\.pem cannot be read: ENOENT/],
        [{ certFile: files.chain, keyFile: files.folder }, /TLS private key file \S+folder cannot be read: EISDIR/],
        [{ certFile: files.garbage, keyFile: files.key }, /TLS certificate file \S+garbage\.pem holds no PEM certificate/],
        [{ certFile: files.key, keyFile: files.key }, /TLS certificate file \S+key\.pem holds no PEM certificate/],
        [{ certFile: files.chain, keyFile: files.chain }, /TLS private key file \S+fullchain\.pem holds no PEM private key/],
        [{ certFile: files.chain, keyFile: files.otherKey }, /TLS private key file \S+other-key\.pem does not belong to the certificate in \S+fullchain\.pem/],
      ];
      for (const [tls, message] of cases) {
        expect((await failure(start({ seed, port, tls }))).message).to.match(message);
      }
      expect(await connectionRefused(port)).to.equal(true);
    });
  });
});
