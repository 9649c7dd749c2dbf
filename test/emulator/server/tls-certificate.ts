import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** A CA certificate and a server certificate it signed, all PEM. Clients trust `caCert`; the server serves `cert`. */
export type LocalCertificates = { caCert: string; cert: string; key: string };

/** The names the server certificate is valid for: the emulator listens on 127.0.0.1, and some clients say localhost. */
export const SERVER_NAMES = { ip: '127.0.0.1', dns: 'localhost' } as const;

/** Long enough for any test run or demo session, short enough that a leaked CA file is soon worthless. */
const VALID_DAYS = 30;

type KeyPair = { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; privatePem: string };

/** Node makes the keys (native, off the main thread); node-forge only reads them back to build and sign the certificates. */
async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, commonName: string): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  // 16 random bytes after a 01 byte: unique and positive, as RFC 5280 asks of serial numbers.
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // A minute back, so that a client whose clock is a little behind still accepts it.
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + VALID_DAYS * 86_400_000);
  certificate.setSubject([{ name: 'commonName', value: commonName }]);
  return certificate;
}

/**
 * Makes a throwaway CA and a server certificate for 127.0.0.1 and localhost signed by it: the shape trust stores
 * expect (clients trust the CA, the server presents a certificate it signed), as with a real org. The key
 * identifiers are there because strict verifiers (OpenSSL's X509_STRICT, on by default in Python 3.13) require them.
 */
export async function generateLocalCertificates(): Promise<LocalCertificates> {
  const [ca, server] = await Promise.all([newKeyPair(), newKeyPair()]);
  const caCert = newCertificate(ca.publicKey, 'plugin-permset-ops org emulator CA (throwaway)');
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const cert = newCertificate(server.publicKey, SERVER_NAMES.ip);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: SERVER_NAMES.ip }, { type: 2, value: SERVER_NAMES.dns }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return { caCert: forge.pki.certificateToPem(caCert), cert: forge.pki.certificateToPem(cert), key: server.privatePem };
}
