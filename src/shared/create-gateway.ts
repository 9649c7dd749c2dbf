import { type Org } from '@salesforce/core';
import { OrgGateway, connectionPort, type GatewayOptions } from '../gateway/index.js';

/** The gateway over the org connection the sf CLI resolved from --target-org (and --api-version). */
export function createGateway(org: Org, apiVersion: string | undefined, options: GatewayOptions = {}): OrgGateway {
  return new OrgGateway(connectionPort(org.getConnection(apiVersion)), options);
}
