import { isSalesforceId } from '../gateway/soql-literal.js';

import { type RetireSnapshot } from '../planning/retire/types.js';

/**
 * What a backup file must look like before a restore sends anything from it to the org. The checksum only proves
 * the file is as it was last written, not who wrote it: every value that reaches the org (Ids, API names, field
 * names) is checked here, so a crafted file never gets as far as a write. Each check returns the first problem.
 */

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An API name as Salesforce spells them (Name, DeveloperName, field names): letters, digits, underscores, ns__ prefix. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;
const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

type Check = (value: unknown, at: string) => string | undefined;
const id: Check = (value, at) => (typeof value === 'string' && isSalesforceId(value) ? undefined : `${at} ${show(value)} is not a Salesforce Id`);
const optionalId: Check = (value, at) => (value === undefined || value === null ? undefined : id(value, at));
/** An Id of one object (its key prefix), e.g. a PermissionSetAssignment's 0Pa. */
const idOf =
  (...prefixes: string[]): Check =>
  (value, at) =>
    id(value, at) ?? (prefixes.some((p) => String(value).startsWith(p)) ? undefined : `${at} ${show(value)} is not an Id of a ${prefixes.join(' or ')} record`);
const apiName: Check = (value, at) => (typeof value === 'string' && API_NAME.test(value) ? undefined : `${at} ${show(value)} is not an API name`);
const text: Check = (value, at) => (typeof value === 'string' ? undefined : `${at} ${show(value)} is not text`);
const date: Check = (value, at) =>
  value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ? undefined : `${at} ${show(value)} is not a date`;
const flag: Check = (value, at) => (typeof value === 'boolean' ? undefined : `${at} ${show(value)} is not true or false`);
const oneOf =
  (...values: string[]): Check =>
  (value, at) =>
    typeof value === 'string' && values.includes(value) ? undefined : `${at} ${show(value)} is not one of ${values.join(', ')}`;

/** Each listed field of `row` through its check; the first problem found. */
function fields(row: unknown, at: string, checks: Record<string, Check>): string | undefined {
  if (!isObject(row)) return `${at} is not an object`;
  for (const [field, check] of Object.entries(checks)) {
    const problem = check(row[field], `${at}.${field}`);
    if (problem) return problem;
  }
  return undefined;
}

/** A backed-up record: API-name keys, plain values, Ids where a field is a reference (…Id). */
function recordProblem(record: unknown, at: string): string | undefined {
  if (!isObject(record)) return `${at} is not an object`;
  for (const [field, value] of Object.entries(record)) {
    if (!API_NAME.test(field)) return `${at} has a field named ${show(field)}, which is not a field name`;
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return `${at}.${field} is not a plain value`;
    if (/Id$/.test(field) && value !== null) {
      const problem = id(value, `${at}.${field}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function listProblem(rows: unknown, at: string, check: (row: unknown, at: string) => string | undefined): string | undefined {
  if (!Array.isArray(rows)) return `${at} is not a list`;
  for (const [i, row] of rows.entries()) {
    const problem = check(row, `${at}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function firstProblem(checks: Array<() => string | undefined>): string | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

/** The shape of a retirement's snapshot: its target, and the record of the set or group it removed. */
export function retireShapeProblem(snapshot: unknown): string | undefined {
  if (!isObject(snapshot) || !isObject(snapshot.target)) return 'snapshot.target missing';
  const target = snapshot.target;
  if ((target.kind !== 'permissionSet' && target.kind !== 'group') || typeof target.id !== 'string' || typeof target.name !== 'string') {
    return 'snapshot.target is not a permission set or group';
  }
  if (!Array.isArray(snapshot.memberships) || !Array.isArray(snapshot.assignments)) return 'memberships or assignments missing';
  if (target.kind === 'permissionSet' && !isObject(snapshot.permissionSet)) return 'the permission set record is missing';
  if (target.kind === 'group' && !isObject(snapshot.group)) return 'the group record is missing';
  return undefined;
}

/** The values of a retirement snapshot whose shape is known good: the first one a real retirement could not have written. */
export function retireValueProblem(snapshot: RetireSnapshot): string | undefined {
  const checks: Array<() => string | undefined> = [
    () => fields(snapshot.target, 'snapshot.target', { id, name: apiName }),
    () => listProblem(snapshot.memberships, 'snapshot.memberships', (row, at) => fields(row, at, { groupId: id, groupName: apiName, componentId: optionalId })),
    () => listProblem(snapshot.assignments, 'snapshot.assignments', (row, at) => fields(row, at, { id, assigneeId: id, username: text, expirationDate: date })),
  ];
  const set = snapshot.permissionSet;
  if (set) {
    checks.push(
      () => recordProblem(set.record, 'snapshot.permissionSet.record'),
      () => apiName(set.record.Name, 'snapshot.permissionSet.record.Name'),
      ...(['objectPermissions', 'fieldPermissions', 'setupEntityAccess'] as const).map(
        (kind) => () => listProblem(set[kind], `snapshot.permissionSet.${kind}`, recordProblem)
      )
    );
  }
  const group = snapshot.group;
  if (group) {
    checks.push(
      () => recordProblem(group.record, 'snapshot.group.record'),
      () => apiName(group.record.DeveloperName, 'snapshot.group.record.DeveloperName'),
      () => listProblem(group.members, 'snapshot.group.members', (row, at) => fields(row, at, { permissionSetId: id, name: apiName, muting: flag })),
      () => (group.mutingPermissionSet === null || group.mutingPermissionSet === undefined ? undefined : recordProblem(group.mutingPermissionSet, 'snapshot.group.mutingPermissionSet'))
    );
  }
  return firstProblem(checks);
}

/** A removal's rows, shape and values at once: every field a restore sends (or looks up) back to the org. */
export function removalProblem(removed: unknown): string | undefined {
  if (!isObject(removed)) return 'removed missing';
  const assignment = (row: unknown, at: string): string | undefined => {
    const problem = fields(row, at, {
      id: idOf('0Pa'),
      assigneeId: idOf('005'),
      username: text,
      kind: oneOf('permissionSet', 'permissionSetGroup'),
      targetName: apiName,
      expirationDate: date,
    });
    if (problem || !isObject(row)) return problem;
    return idOf(row.kind === 'permissionSet' ? '0PS' : '0PG')(row.targetId, `${at}.targetId`);
  };
  const seat = (row: unknown, at: string): string | undefined =>
    fields(row, at, { id: idOf('2LA'), assigneeId: idOf('005'), username: text, licenseId: idOf('0PL'), licenseName: apiName });
  return firstProblem([() => listProblem(removed.assignments, 'removed.assignments', assignment), () => listProblem(removed.licenseAssignments, 'removed.licenseAssignments', seat)]);
}

