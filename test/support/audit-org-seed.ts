import { expect } from 'chai';
import { SeedBuilder } from './seed-builder.js';
import { type TestOrg } from './org-harness.js';


/** The org of the org-audit tests (psg audit -o, permset health): one case for every org rule. */
const HOUR = 3_600_000;
/** Long enough that a group changed by the test stays Outdated / Updating for the whole file. */
export const RECALC_MS = 10 * HOUR;

/**
 * Users u1…u4 active, x1 inactive. Hand-made facts behind every org rule:
 * - G_Sales [PS_Sales + mute Mute_Delete (Account.Delete)] held by u1, u2; u1 also holds PS_Sales directly, so the
 *   mute does not stop u1's Account.Delete (mute-ineffective: 1 user) and u1's PS_Sales is redundant.
 * - G_Admin [PS_Admin: ModifyAllData] held by u4 (high-risk-permission, a composition rule).
 * - G_Failed Failed, G_Stuck changed 2 hours ago (emulator clock moved back), G_Recent changed now: none held.
 * - PS_Full needs Full_PSL (2 seats: u1 and inactive x1, exhausted, 1 wasted); x1 holds PS_Full (assigned-to-inactive).
 * - Near_PSL 4 of 5 seats (80%: near exhaustion only with --psl-threshold 80).
 * - PS_Session (session-based) held by u3; PS_Temp held by u2 until 5 days from now (expiring-soon); PS_Idle held by nobody.
 */
export function auditSeed(extraAdmins = 0): SeedBuilder {
  const b = new SeedBuilder()
    .users('u', 4)
    .user('x1', { IsActive: false })
    .psl('Full_PSL', 2)
    .psl('Near_PSL', 5)
    .permissionSet('PS_Sales')
    .add('ObjectPermissions', { ParentId: 'ref:PS_Sales', SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true, PermissionsDelete: true })
    .permissionSet('PS_Admin', { PermissionsModifyAllData: true, PermissionsViewSetup: true, PermissionsApiEnabled: true })
    .permissionSet('PS_Session', { HasActivationRequired: true })
    .permissionSet('PS_Full', { LicenseId: 'ref:Full_PSL' })
    .permissionSet('PS_Temp')
    .permissionSet('PS_Idle')
    .permissionSet('PS_Idle2')
    .permissionSet('PS_Idle3')
    .permissionSet('PS_Idle4')
    .add('MutingPermissionSet', { ref: 'Mute_Delete', DeveloperName: 'Mute_Delete', MasterLabel: 'Mute Delete' })
    .add('ObjectPermissions', { ParentId: 'ref:Mute_Delete', SobjectType: 'Account', PermissionsDelete: true })
    .group('G_Sales', ['PS_Sales', 'Mute_Delete'])
    .group('G_Admin', ['PS_Admin'])
    .group('G_Failed', ['PS_Idle2'], { __status: 'Failed' })
    .group('G_Stuck', ['PS_Idle3'])
    .group('G_Recent', ['PS_Idle4']);
  b.holdPsl('u1', 'Full_PSL').holdPsl('x1', 'Full_PSL');
  for (const u of ['u1', 'u2', 'u3', 'u4']) b.holdPsl(u, 'Near_PSL');
  b.assignGroup('u1', 'G_Sales').assignGroup('u2', 'G_Sales').assign('u1', 'PS_Sales').assignGroup('u4', 'G_Admin');
  b.assign('u1', 'PS_Full').assign('x1', 'PS_Full').assign('u3', 'PS_Session').assign('u2', 'PS_Temp', { ExpirationDate: '@now+5d' });
  for (let i = 1; i <= extraAdmins; i++) b.user(`a${i}`).assignGroup(`a${i}`, 'G_Admin');
  return b;
}

/** Edits a group through the REST API (a change starts its recalculation), with the emulator clock moved by `shiftMs` for the write. */
export async function touchGroup(org: TestOrg, name: string, shiftMs = 0): Promise<void> {
  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${org.instanceUrl}/services/data/v62.0/${path}`, { method, headers: { authorization: `Bearer ${org.accessToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const found = (await (await api('GET', `query?q=${encodeURIComponent(`SELECT Id FROM PermissionSetGroup WHERE DeveloperName = '${name}'`)}`)).json()) as { records: Array<{ Id: string }> };
  if (shiftMs !== 0) await org.advanceClock(shiftMs);
  const response = await api('PATCH', `sobjects/PermissionSetGroup/${found.records[0].Id}`, { Description: 'changed by the test' });
  expect(response.status).to.equal(204);
  // Outdated, then Updating a moment later: both stamped by the emulator clock while it is moved.
  await new Promise((resolve) => setTimeout(resolve, 400));
  if (shiftMs !== 0) await org.advanceClock(-shiftMs);
}

/** Starts the audit org with G_Stuck changed 2 hours ago and G_Recent changed now. */
export async function prepareAuditOrg(org: TestOrg): Promise<TestOrg> {
  await touchGroup(org, 'G_Stuck', -2 * HOUR);
  await touchGroup(org, 'G_Recent');
  return org;
}
