export { OrgGateway, type GatewayOptions, type GatewayStats } from './org-gateway.js';
export { connectionPort, toOrgRequestError } from './connection-port.js';
export { type HttpPort, type HttpRequest, type HttpMethod } from './http-port.js';
export { OrgRequestError, RequestLimitError } from './errors.js';
export { soqlString, soqlLikePattern, soqlInList, isSalesforceId } from './soql-literal.js';
export { type WriteOptions, type WriteOutcome, COLLECTION_LIMIT } from './collections.js';
export { type RetryPolicy, type Sleep, DEFAULT_RETRY, realSleep } from './retry.js';
