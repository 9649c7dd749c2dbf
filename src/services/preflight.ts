import { type OrgGateway } from '../gateway/index.js';
import {
  MissingPermissionsError,
  missingPermissions,
  PREFLIGHT_FIELDS,
  type UserPermission,
} from '../planning/preflight/permissions.js';

/**
 * The preflight: one query of the running user's own system permissions (UserPermissionAccess answers for the
 * user the session belongs to, from profile, permission sets and groups together), then a MissingPermissionsError
 * naming what the run's writes need and the user lacks. Nothing is sent when nothing is required.
 */
export async function requirePermissions(gateway: OrgGateway, required: readonly UserPermission[]): Promise<void> {
  if (required.length === 0) return;
  const [held] = await gateway.query<Record<string, unknown>>(`SELECT ${PREFLIGHT_FIELDS.join(', ')} FROM UserPermissionAccess`);
  const missing = missingPermissions(held, required);
  if (missing.length > 0) throw new MissingPermissionsError(missing);
}
