import { Messages, type Org } from '@salesforce/core';
import { DEFAULT_RETRY, OrgRequestError, RequestLimitError, type OrgGateway } from '../gateway/index.js';
import { MissingPermissionsError, PERMISSION_LABELS } from '../planning/preflight/permissions.js';
import { createGateway } from './create-gateway.js';
import { Interrupt, InterruptedError } from './interrupt.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'shared');

/**
 * Runs a service with a gateway on the command's org, stopping between requests on SIGINT, and turns the
 * failures every command shares (the running user lacking a permission the writes need, API limit, interruption,
 * dead session, an org that keeps failing or refuses a request) into errors with actions.
 */
export async function runWithGateway<T>(org: Org, apiVersion: string | undefined, work: (gateway: OrgGateway) => Promise<T>): Promise<T> {
  const interrupt = new Interrupt().listen();
  let gateway: OrgGateway | undefined;
  try {
    gateway = createGateway(org, apiVersion, { beforeRequest: interrupt.check });
    return await work(gateway);
  } catch (error) {
    if (error instanceof MissingPermissionsError) {
      const names = error.missing.map((p) => `${PERMISSION_LABELS[p]} (${p})`).join(', ');
      throw messages.createError('error.MissingPermissions', [org.getUsername() ?? 'the running user', names]);
    }
    if (error instanceof RequestLimitError) throw messages.createError('error.RequestLimit', [limitOf(error), withoutFinalStop(error.message)]);
    if (error instanceof InterruptedError) {
      const done = gateway ? [gateway.recordsSaved, gateway.stats.reads, gateway.stats.writes] : [0, 0, 0];
      throw messages.createError('error.Interrupted', done.map((n) => n.toLocaleString('en-US')));
    }
    if (error instanceof OrgRequestError && error.errorCode === 'INVALID_SESSION_ID') {
      throw messages.createError('error.SessionExpired', [error.errorCode]);
    }
    // A transient error only gets this far once every attempt failed: say so in words, not as "fetch failed".
    if (error instanceof OrgRequestError && error.transient) {
      throw messages.createError('error.OrgUnavailable', [String(DEFAULT_RETRY.attempts), describe(error)]);
    }
    if (error instanceof OrgRequestError) throw messages.createError('error.OrgRefused', [describe(error)]);
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** The org's limit in figures when Salesforce sent them (Sforce-Limit-Info), else nothing. */
function limitOf(error: RequestLimitError): string {
  if (!error.usage) return '';
  return ` (${error.usage.used.toLocaleString('en-US')} requests used of ${error.usage.limit.toLocaleString('en-US')} in the last 24 hours)`;
}

/** Network codes (no answer at all) and Salesforce's own codes, said the way a user reads them. */
function describe(error: OrgRequestError): string {
  const detail = withoutFinalStop(error.message);
  if (/^(E[A-Z]+|UND_ERR_\w+)$/.test(error.errorCode)) return `the connection was lost (${error.errorCode}: ${detail})`;
  return `${error.errorCode}: ${detail}`;
}

const withoutFinalStop = (text: string): string => text.trim().replace(/\.+$/, '');
