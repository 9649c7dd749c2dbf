import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthInfo, Connection } from '@salesforce/core';
import { type RunningEmulator } from '../emulator/index.js';

/**
 * A real @salesforce/core Connection to an in-process emulator, as the sf CLI builds one from an access token
 * (nothing is saved: the token is used as the username). HOME points at a scratch folder while it is built, so
 * @salesforce/core reads and writes no state of the developer's own.
 */
export async function emulatorConnection(emulator: RunningEmulator): Promise<Connection> {
  const home = process.env.HOME;
  const scratch = mkdtempSync(join(tmpdir(), 'emulator-connection-'));
  process.env.HOME = scratch;
  try {
    const { accessToken, instanceUrl } = emulator;
    const authInfo = await AuthInfo.create({ username: accessToken, accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
    return await Connection.create({ authInfo });
  } finally {
    process.env.HOME = home;
    rmSync(scratch, { recursive: true, force: true });
  }
}
