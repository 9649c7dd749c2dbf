import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { generateLocalCertificates } from './tls-certificate.js';

/** `true`: a certificate made at start; or the paths of a PEM certificate (chain) and its PEM private key. */
export type TlsOption = true | { certFile: string; keyFile: string };

/** What the server serves, the file a client should trust, and the clean-up of whatever was written for it. */
export type TlsMaterial = { cert: string; key: string; caFile: string; dispose(): void };

/** Bad --cert / --key input: the message names the file. */
export class TlsInputError extends Error {}

export async function prepareTls(option: TlsOption): Promise<TlsMaterial> {
  return option === true ? generated() : given(option.certFile, option.keyFile);
}

/** A fresh CA and server certificate in a private folder (0700) that dispose() removes. */
async function generated(): Promise<TlsMaterial> {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-tls-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    chmodSync(dir, 0o700);
    const made = await generateLocalCertificates();
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, made.caCert, { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), made.cert, { mode: 0o600 });
    writeFileSync(join(dir, 'key.pem'), made.key, { mode: 0o600 });
    return { cert: made.cert, key: made.key, caFile, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * The user's own files, checked here so that a bad one fails before any port is opened, with the file named.
 * Clients trust the certificate file itself (with its chain, if it holds one): its issuer is the user's to know.
 */
function given(certFile: string, keyFile: string): TlsMaterial {
  const cert = readText(certFile, 'certificate');
  const key = readText(keyFile, 'private key');
  try {
    // X509Certificate insists on a certificate (an empty or key-only file passes createSecureContext unnoticed);
    // createSecureContext insists on PEM, which is what the TLS server takes.
    new X509Certificate(cert);
    createSecureContext({ cert });
  } catch (error) {
    throw new TlsInputError(`TLS certificate file ${certFile} holds no PEM certificate the TLS layer accepts: ${reason(error)}`);
  }
  try {
    createSecureContext({ key });
  } catch (error) {
    throw new TlsInputError(`TLS private key file ${keyFile} holds no PEM private key the TLS layer accepts: ${reason(error)}`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsInputError(`TLS private key file ${keyFile} does not belong to the certificate in ${certFile}: ${reason(error)}`);
  }
  return { cert, key, caFile: resolve(certFile), dispose: () => undefined };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TlsInputError(`TLS ${what} file ${file} cannot be read: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
