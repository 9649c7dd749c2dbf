import { type EmulatedOrg } from '../../org/emulated-org.js';
import { type ApiRequest, type ApiResponse, type ServerEnv } from '../api.js';

/** The API versions the emulator answers (Salesforce keeps old versions served; 66.0 is Spring '26). */
export const MIN_VERSION = 31;
export const MAX_VERSION = 66;

export function versionList(): Array<{ label: string; url: string; version: string }> {
  const versions = [];
  for (let v = MIN_VERSION; v <= MAX_VERSION; v++) versions.push({ label: `API ${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return versions;
}

export function isServedVersion(version: string): boolean {
  const match = /^v(\d+)\.0$/.exec(version);
  return match !== null && Number(match[1]) >= MIN_VERSION && Number(match[1]) <= MAX_VERSION;
}

/** GET /services/data/vXX.X: the resources of one version. */
export function handleVersionRoot(_env: ServerEnv, request: ApiRequest): ApiResponse {
  const base = `/services/data/${request.version}`;
  const names = ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'tooling', 'search', 'recent'];
  return { status: 200, body: Object.fromEntries(names.map((name) => [name, `${base}/${name}`])) };
}

/** GET /limits: DailyApiRequests from the emulator's counter (other limits reported as untouched). */
export function handleLimits(env: ServerEnv): ApiResponse {
  const { usage } = env.org;
  return {
    status: 200,
    body: {
      DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
    },
  };
}

/** GET /services/oauth2/userinfo: the OpenID Connect user info of the org's own user. */
export function userInfo(org: EmulatedOrg, instanceUrl: string): Record<string, unknown> {
  const { orgId, userId, username } = org.identity;
  const user = org.store.get(userId);
  const id = `${instanceUrl}/id/${orgId}/${userId}`;
  const rest = (path: string): string => `${instanceUrl}/services/data/v{version}/${path}`;
  return {
    sub: id,
    user_id: userId,
    organization_id: orgId,
    preferred_username: username,
    nickname: String(user?.Alias ?? username.split('@')[0]),
    name: String(user?.Name ?? `${String(user?.FirstName ?? '')} ${String(user?.LastName ?? '')}`.trim()),
    email: String(user?.Email ?? username),
    email_verified: true,
    given_name: String(user?.FirstName ?? ''),
    family_name: String(user?.LastName ?? ''),
    zoneinfo: String(user?.TimeZoneSidKey ?? 'America/Los_Angeles'),
    active: user?.IsActive !== false,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    updated_at: String(user?.LastModifiedDate ?? new Date().toISOString()),
    is_app_installed: true,
    urls: {
      enterprise: `${instanceUrl}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
      partner: `${instanceUrl}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
      rest: rest(''),
      sobjects: rest('sobjects/'),
      query: rest('query/'),
      limits: rest('limits/'),
      profile: `${instanceUrl}/${userId}`,
      custom_domain: instanceUrl,
    },
  };
}
