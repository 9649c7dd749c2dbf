import { request } from 'node:https';
import { type PeerCertificate, type TLSSocket } from 'node:tls';

export type HttpsAnswer = { status: number; body: unknown; peer: PeerCertificate };

export type HttpsCallOptions = {
  /** PEM the client trusts instead of the system's roots (the emulator's caFile). */
  ca?: string;
  token?: string;
  method?: string;
  body?: unknown;
  /** The name the certificate is checked against, when it differs from the URL's host. */
  servername?: string;
};

/**
 * One request with node's own https client, trusting only `ca`. Global fetch cannot be given a CA, and a fresh
 * connection each time (no agent) means every call makes and checks a TLS handshake.
 */
export function httpsCall(url: string, options: HttpsCallOptions = {}): Promise<HttpsAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        ca: options.ca,
        servername: options.servername,
        agent: false,
        headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), 'content-type': 'application/json' },
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined, peer });
        });
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}
