import { type OrgGateway } from '../../gateway/index.js';
import { InputError } from '../../io/input-error.js';
import {
  type AccessInput,
  type AccessDifference,
  type AccessVerdict,
  type Asked,
  closestNames,
  differences,
  explainAccess,
  fieldFormProblem,
  heldKeys,
  isProblem,
  objectsToDescribe,
  parseKey,
  permissionField,
  permissionOfField,
  resolveAsked,
} from '../../planning/access/index.js';
import { buildInput, id15, type OrgFacts, type UserFacts } from './build-input.js';
import {
  readAssignments,
  readFieldRows,
  readGroups,
  readGroupsHolding,
  readLicenseNames,
  readMutes,
  readObjectRows,
  readObjectRowsOf,
  readSets,
  readUser,
  usernamesLike,
} from './explain-reads.js';

export type ExplainOptions = Asked & { user: string; compareUser?: string; expiringWithinDays: number; now: Date };

/** A verdict; the command adds `hints` (what would change it, in words). */
export type ExplainedAccess = AccessVerdict & { hints?: string[] };
export type UserExplanation = { user: string; results: ExplainedAccess[] };
export type ExplainResult = UserExplanation & {
  /** True when nothing was asked: every object and system permission the user's sources mention. */
  summary: boolean;
  compareUser?: UserExplanation;
  differences?: AccessDifference[];
};

export type Describe = { name: string; fields: Array<{ name: string; permissionable: boolean; type?: string }> };

const SET_DESCRIBES = ['PermissionSet', 'MutingPermissionSet'];

/** Permissions* boolean fields of a describe (the org's system permissions), as names without the prefix. */
export function permissionNamesOf(describe: Describe | undefined): string[] {
  return (describe?.fields ?? []).filter((f) => f.type === undefined || f.type === 'boolean').map((f) => permissionOfField(f.name)).filter((n): n is string => n !== undefined);
}

async function readUserFacts(gateway: OrgGateway, user: string): Promise<UserFacts> {
  const [row, assignments] = await Promise.all([readUser(gateway, user), readAssignments(gateway, user)]);
  if (!row) throw new InputError('error.UnknownUser', [user, closestNames(user, await usernamesLike(gateway, user)).join(', ') || '(none close)']);
  return { user: row, assignments };
}

/**
 * Why a user has, or lacks, each asked access (or, with nothing asked, every object and system permission its
 * sources mention): reads the assignments, groups, components, mutes and permission rows in a few requests,
 * then asks the pure access model (src/planning/access).
 */
export async function explainUserAccess(gateway: OrgGateway, options: ExplainOptions): Promise<ExplainResult> {
  const formProblem = fieldFormProblem(options.fields);
  if (formProblem) throw new InputError(formProblem.key, formProblem.tokens);
  const summary = options.objects.length + options.fields.length + options.permissions.length === 0;
  const describeNames = [...objectsToDescribe(options), ...(summary || options.permissions.length > 0 ? SET_DESCRIBES : [])];
  const users = [options.user, ...(options.compareUser ? [options.compareUser] : [])];
  const [describes, userFacts] = await Promise.all([gateway.describeMany<Describe>(describeNames), Promise.all(users.map((u) => readUserFacts(gateway, u)))]);
  const setPermissions = permissionNamesOf(describes.get('PermissionSet'));
  let asked = resolveAsked(options, describes, setPermissions);
  if (isProblem(asked) && asked.key === 'error.UnknownObject') {
    const global = await gateway.send<{ sobjects: Array<{ name: string }> }>({ method: 'GET', path: `/services/data/v${gateway.apiVersion}/sobjects` });
    asked = resolveAsked(options, describes, setPermissions, global.sobjects.map((o) => o.name));
  }
  if (isProblem(asked)) throw new InputError(asked.key, asked.tokens);
  const mutePermissions = new Set(permissionNamesOf(describes.get('MutingPermissionSet')).map((n) => n.toLowerCase()));
  const permissions = summary ? setPermissions : asked.permissions;
  const facts = await readFacts(gateway, userFacts, { summary, objects: asked.objects, fields: asked.fields, permissionFields: permissions.map(permissionField), mutePermissions });
  const build = (): AccessInput[] => userFacts.map((u) => buildInput(facts, u, { now: options.now, expiringWithinDays: options.expiringWithinDays, objectFields: asked.objectFields, candidates: !summary }));
  let inputs = build();
  // License names only matter when a license is missing: read them then (one request), not on every run.
  if (inputs.some(missesALicense)) {
    facts.licenseNames = await readLicenseNames(gateway);
    inputs = build();
  }
  const keys = summary ? [...new Set(inputs.flatMap((input) => heldKeys(input)))].filter((k) => parseKey(k)?.kind !== 'field').sort() : asked.keys;
  const explained = inputs.map((input, i) => ({ user: userFacts[i].user.Username, results: explainAccess(input, keys) }));
  const result: ExplainResult = { ...explained[0], summary };
  if (explained[1]) {
    result.compareUser = explained[1];
    result.differences = differences(explained[0].user, explained[0].results, explained[1].user, explained[1].results);
  }
  return result;
}

type FactOptions = { summary: boolean; objects: string[]; fields: string[]; permissionFields: string[]; mutePermissions: Set<string> };

/** Whether a set the user holds (directly or through a group) needs a license the user does not hold. */
function missesALicense(input: AccessInput): boolean {
  const held = [...input.sets.map((a) => a.set), ...input.groups.flatMap((a) => a.group.members)];
  return held.some((set) => set.licenseId !== undefined && !input.user.licenseIds.has(set.licenseId));
}

/** Groups (with components), then the sets and mutes involved and their rows: one query per object type. */
async function readFacts(gateway: OrgGateway, users: UserFacts[], options: FactOptions): Promise<OrgFacts> {
  const assignments = users.flatMap((u) => u.assignments);
  const groupIds = [...new Set(assignments.map((a) => a.PermissionSetGroupId).filter((id): id is string => id !== null))];
  const [groupRows, objectRows, fieldRows] = await Promise.all([
    readGroups(gateway, groupIds),
    options.summary ? Promise.resolve([]) : readObjectRows(gateway, options.objects),
    options.summary ? Promise.resolve([]) : readFieldRows(gateway, options.fields),
  ]);
  const components = groupRows.flatMap((g) => (g.PermissionSetGroupComponents?.records ?? []).map((c) => c.PermissionSetId));
  const directIds = assignments.filter((a) => !a.PermissionSetGroupId && a.PermissionSetId).map((a) => a.PermissionSetId as string);
  const muteIds = [...new Set(components.filter((id) => id.startsWith('0QM')))];
  const rowParents = [...objectRows, ...fieldRows].map((r) => r.ParentId).filter((id) => id.startsWith('0PS'));
  const setIds = [...new Set([...directIds, ...components.filter((id) => id.startsWith('0PS')), ...rowParents].map(id15))];
  const muteFields = options.permissionFields.filter((f) => options.mutePermissions.has((permissionOfField(f) ?? f).toLowerCase()));
  const held = new Set([...directIds, ...components].map(id15));
  const candidateSets = [...new Set(rowParents.map(id15))].filter((id) => !held.has(id));
  const [sets, mutes, summaryRows, candidateGroups] = await Promise.all([
    readSets(gateway, setIds, options.permissionFields, !options.summary),
    readMutes(gateway, muteIds, muteFields),
    options.summary ? readObjectRowsOf(gateway, [...setIds, ...muteIds]) : Promise.resolve([]),
    readGroupsHolding(gateway, candidateSets),
  ]);
  return {
    groups: new Map(groupRows.map((g) => [id15(g.Id), g])),
    candidateGroups: candidateGroups.filter((g) => !groupIds.some((id) => id15(id) === id15(g.Id))),
    sets: new Map(sets.map((s) => [id15(s.Id), s])),
    mutes: new Map(mutes.map((m) => [id15(m.Id), m])),
    objectRows: options.summary ? summaryRows : objectRows,
    fieldRows,
    permissionFields: options.permissionFields,
    licenseNames: new Map(),
  };
}
