import { Messages, type Org } from '@salesforce/core';
import { OrgRequestError, RequestLimitError, type OrgGateway } from '../gateway/index.js';
import { createGateway } from './create-gateway.js';
import { Interrupt, InterruptedError } from './interrupt.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-permset-ops', 'shared');

/**
 * Runs a service with a gateway on the command's org, stopping between requests on SIGINT, and turns the
 * failures every command shares (API limit, interruption, dead session) into errors with actions.
 */
export async function runWithGateway<T>(org: Org, apiVersion: string | undefined, work: (gateway: OrgGateway) => Promise<T>): Promise<T> {
  const interrupt = new Interrupt().listen();
  try {
    return await work(createGateway(org, apiVersion, { beforeRequest: interrupt.check }));
  } catch (error) {
    if (error instanceof RequestLimitError) throw messages.createError('error.RequestLimit', [error.message]);
    if (error instanceof InterruptedError) throw messages.createError('error.Interrupted');
    if (error instanceof OrgRequestError && error.errorCode === 'INVALID_SESSION_ID') {
      throw messages.createError('error.SessionExpired', [error.errorCode]);
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}
