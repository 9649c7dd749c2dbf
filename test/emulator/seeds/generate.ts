import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { to18 } from '../store/ids.js';
import { type Seed, type SeedRecord } from './load.js';

/**
 * A deterministic large org for benchmarks and scale tests, in the seed format (test/emulator/README.md). The same
 * options always give the same org. Only base records are produced: the emulator derives profile permission sets
 * and their assignments, group aggregate sets, UsedLicenses and Status itself.
 *
 * The plan is kept in typed arrays (a pair of integers per assignment) and turned into records only on output, so
 * `tsx generate.ts --users 100000 > big.json` streams its ~50 MB without holding them all as objects.
 */
export type GenerateOptions = {
  users?: number;
  permissionSets?: number;
  groups?: number;
  psls?: number;
  /** Explicit assignments (profile-set assignments come on top); default 3 per user. */
  assignments?: number;
  /** Share of users that are inactive (they keep their assignments and PSL seats). */
  inactiveShare?: number;
  seed?: number;
};

export const ADMIN_USERNAME = 'admin@bigorg.example.com';
export const userName = (i: number): string => `user${i}@bigorg.example.com`;
export const setName = (j: number): string => `${DEPARTMENTS[j % DEPARTMENTS.length]}_Set_${String(j + 1).padStart(3, '0')}`;
export const groupName = (g: number): string => `${DEPARTMENTS[g % DEPARTMENTS.length]}_Group_${String(g + 1).padStart(2, '0')}`;
export const pslName = (p: number): string => `PSL_${String(p + 1).padStart(2, '0')}`;

const DEPARTMENTS = ['Sales', 'Service', 'Marketing', 'Finance', 'Operations', 'Analytics', 'Partner', 'Legal'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The store's own generator uses pod "5g0"; a different pod keeps the two Id ranges apart. */
const POD = '7Gn';
const LICENSES = [
  { Name: 'Salesforce', LicenseDefinitionKey: 'SFDC' },
  { Name: 'Salesforce Platform', LicenseDefinitionKey: 'AUL' },
];
/** Profiles: name and the user license (index into LICENSES) it belongs to. Index 0 is the admin's. */
const PROFILES: Array<[string, number]> = [
  ['System Administrator', 0],
  ['Standard User', 0],
  ['Sales Representative', 0],
  ['Support Agent', 1],
  ['Platform Analyst', 1],
];

/** A small fast seeded PRNG (mulberry32): the same seed gives the same org on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A valid 18-character Id with the object's key prefix: prefix + pod + base-62 counter + case-safety suffix. */
export function generatedId(prefix: string, n: number): string {
  let digits = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) digits = BASE62[rest % 62] + digits;
  return to18(`${prefix}${POD}${digits.padStart(9, '0')}`);
}

const ids = {
  license: (l: number): string => generatedId('100', l + 1),
  profile: (p: number): string => generatedId('00e', p + 1),
  user: (i: number): string => generatedId('005', i + 1),
  psl: (p: number): string => generatedId('0PL', p + 1),
  set: (j: number): string => generatedId('0PS', j + 1),
  group: (g: number): string => generatedId('0PG', g + 1),
  muting: (g: number): string => generatedId('0QM', g + 1),
};

type Config = Required<GenerateOptions>;

/** What each target (a permission set, or a group numbered after the sets) requires of its assignee. */
type Target = { userLicense: number; psls: number[] };

type Plan = {
  config: Config;
  /** Per set: -1 none, 0/1 a user license, 2+p the PSL p. */
  setLicense: Int16Array;
  groupMembers: number[][];
  targets: Target[];
  /** Per user (0 is the admin): profile index, active flag. */
  profileOf: Uint8Array;
  active: Uint8Array;
  /** Assignment pairs: user index, target index. */
  pairUser: Int32Array;
  pairTarget: Int32Array;
  pairs: number;
  /** Per (user, psl): 1 when the user holds a seat. */
  holds: Uint8Array;
  pslTotal: number[];
};

function configOf(options: GenerateOptions): Config {
  const users = Math.max(1, Math.floor(options.users ?? 100_000));
  return {
    users,
    permissionSets: Math.max(1, options.permissionSets ?? 300),
    groups: Math.max(0, options.groups ?? 50),
    psls: Math.max(0, options.psls ?? 20),
    assignments: options.assignments ?? users * 3,
    inactiveShare: options.inactiveShare ?? 0.05,
    seed: options.seed ?? 20_260_101,
  };
}

/** Roughly: 10% of the sets need a PSL, 4% a user license, the rest none. */
function planSets(config: Config, random: () => number): Int16Array {
  const license = new Int16Array(config.permissionSets).fill(-1);
  for (let j = 0; j < config.permissionSets; j++) {
    const r = random();
    if (config.psls > 0 && r < 0.1) license[j] = 2 + (j % config.psls);
    else if (r < 0.14) license[j] = j % 2;
  }
  return license;
}

/** Groups of 2 to 8 sets that need no user license; a PSL-licensed member now and then, as in real orgs. */
function planGroups(config: Config, setLicense: Int16Array, random: () => number): number[][] {
  const eligible = [...setLicense.keys()].filter((j) => setLicense[j] < 0 || setLicense[j] >= 2);
  return Array.from({ length: config.groups }, () => {
    const size = Math.min(eligible.length, 2 + Math.floor(random() * 7));
    const members = new Set<number>();
    while (members.size < size) {
      const j = eligible[Math.floor(random() * eligible.length)];
      if (setLicense[j] >= 2 && random() < 0.7) continue;
      members.add(j);
    }
    return [...members].sort((a, b) => a - b);
  });
}

function targetsOf(setLicense: Int16Array, groupMembers: number[][]): Target[] {
  const ofSet = (j: number): Target => ({ userLicense: setLicense[j] === 0 || setLicense[j] === 1 ? setLicense[j] : -1, psls: setLicense[j] >= 2 ? [setLicense[j] - 2] : [] });
  const sets = [...setLicense.keys()].map(ofSet);
  const groups = groupMembers.map((members) => ({ userLicense: -1, psls: [...new Set(members.flatMap((j) => ofSet(j).psls))] }));
  return [...sets, ...groups];
}

/** Popularity falls off with the target's rank (a few sets everyone has, a long tail almost nobody has). */
function cumulativeWeights(count: number): Float64Array {
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let t = 0; t < count; t++) cumulative[t] = sum += 1 / Math.pow(t + 1, 0.8);
  return cumulative.map((c) => c / sum);
}

function pick(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function planUsers(plan: Plan, random: () => number): void {
  const { users, inactiveShare } = plan.config;
  plan.profileOf[0] = 0;
  plan.active[0] = 1;
  for (let i = 1; i <= users; i++) {
    plan.profileOf[i] = random() < 0.65 ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 2);
    plan.active[i] = random() < inactiveShare ? 0 : 1;
  }
}

/** Spreads the assignments evenly over users 1..n, each to distinct targets the user's license allows. */
function planAssignments(plan: Plan, random: () => number): void {
  const { users, assignments, psls } = plan.config;
  const cumulative = cumulativeWeights(plan.targets.length);
  for (let i = 1; i <= users; i++) {
    const want = Math.floor((i * assignments) / users) - Math.floor(((i - 1) * assignments) / users);
    const license = PROFILES[plan.profileOf[i]][1];
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < want && tries < want * 20; tries++) {
      const t = pick(cumulative, random());
      const target = plan.targets[t];
      if (chosen.has(t) || (target.userLicense >= 0 && target.userLicense !== license)) continue;
      chosen.add(t);
      plan.pairUser[plan.pairs] = i;
      plan.pairTarget[plan.pairs++] = t;
      for (const p of target.psls) plan.holds[i * psls + p] = 1;
    }
    // A seat nobody needs: what the psl report calls wasted.
    if (psls > 0 && random() < 0.02) plan.holds[i * psls + Math.floor(random() * psls)] = 1;
  }
}

/** Seats: some licenses exactly used up, some nearly, most with room to spare. */
function planSeats(plan: Plan): void {
  const { psls, users } = plan.config;
  for (let p = 0; p < psls; p++) {
    let held = 0;
    for (let i = 0; i <= users; i++) held += plan.holds[i * psls + p];
    const spare = p % 5 === 0 ? 0 : p % 5 === 1 ? 1 + (held % 3) : Math.ceil(held * 0.25) + 10;
    plan.pslTotal.push(held + spare);
  }
}

function makePlan(options: GenerateOptions): Plan {
  const config = configOf(options);
  const random = prng(config.seed);
  const setLicense = planSets(config, random);
  const groupMembers = planGroups(config, setLicense, random);
  const plan: Plan = {
    config,
    setLicense,
    groupMembers,
    targets: targetsOf(setLicense, groupMembers),
    profileOf: new Uint8Array(config.users + 1),
    active: new Uint8Array(config.users + 1),
    pairUser: new Int32Array(config.assignments),
    pairTarget: new Int32Array(config.assignments),
    pairs: 0,
    holds: new Uint8Array((config.users + 1) * config.psls),
    pslTotal: [],
  };
  planUsers(plan, random);
  planAssignments(plan, random);
  planSeats(plan);
  return plan;
}

/** The records of one type, made one at a time. */
type Section = [type: string, records: () => Iterable<SeedRecord>];

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}

function* userRecords(plan: Plan): Iterable<SeedRecord> {
  for (let i = 0; i <= plan.config.users; i++) {
    const username = i === 0 ? ADMIN_USERNAME : userName(i);
    const [first, last] = i === 0 ? ['Ada', 'Admin'] : [`User${i}`, DEPARTMENTS[i % DEPARTMENTS.length]];
    yield { Id: ids.user(i), Username: username, FirstName: first, LastName: last, Email: username, Alias: `u${i}`.slice(0, 8), ProfileId: ids.profile(plan.profileOf[i]), IsActive: plan.active[i] === 1 };
  }
}

function* setRecords(plan: Plan): Iterable<SeedRecord> {
  for (const j of range(plan.config.permissionSets)) {
    const license = plan.setLicense[j];
    const licenseId = license < 0 ? undefined : license < 2 ? ids.license(license) : ids.psl(license - 2);
    yield { Id: ids.set(j), Name: setName(j), Label: setName(j).replace(/_/g, ' '), ...(licenseId ? { LicenseId: licenseId } : {}) };
  }
}

function* componentRecords(plan: Plan): Iterable<SeedRecord> {
  for (const [g, members] of plan.groupMembers.entries()) {
    for (const j of members) yield { PermissionSetGroupId: ids.group(g), PermissionSetId: ids.set(j) };
    if (g % 10 === 0) yield { PermissionSetGroupId: ids.group(g), PermissionSetId: ids.muting(g) };
  }
}

function* holdingRecords(plan: Plan): Iterable<SeedRecord> {
  const { psls, users } = plan.config;
  for (let i = 0; i <= users; i++) {
    for (let p = 0; p < psls; p++) if (plan.holds[i * psls + p] === 1) yield { AssigneeId: ids.user(i), PermissionSetLicenseId: ids.psl(p) };
  }
}

function* assignmentRecords(plan: Plan): Iterable<SeedRecord> {
  const sets = plan.config.permissionSets;
  for (let k = 0; k < plan.pairs; k++) {
    const t = plan.pairTarget[k];
    const target = t < sets ? { PermissionSetId: ids.set(t) } : { PermissionSetGroupId: ids.group(t - sets) };
    yield { AssigneeId: ids.user(plan.pairUser[k]), ...target, ...(k % 50 === 7 ? { ExpirationDate: '@now+30d' } : {}) };
  }
}

function sections(plan: Plan): Section[] {
  const { psls, groups } = plan.config;
  return [
    ['UserLicense', () => LICENSES.map((l, n) => ({ Id: ids.license(n), ...l, MasterLabel: l.Name, Status: 'Active', TotalLicenses: plan.config.users + 1000 }))],
    ['PermissionSetLicense', () => [...range(psls)].map((p) => ({ Id: ids.psl(p), DeveloperName: pslName(p), MasterLabel: pslName(p).replace('_', ' '), PermissionSetLicenseKey: pslName(p).toUpperCase(), TotalLicenses: plan.pslTotal[p], Status: 'Active' }))],
    ['Profile', () => PROFILES.map(([name, license], p) => ({ Id: ids.profile(p), Name: name, UserLicenseId: ids.license(license) }))],
    ['User', () => userRecords(plan)],
    ['PermissionSet', () => setRecords(plan)],
    ['MutingPermissionSet', () => [...range(groups)].filter((g) => g % 10 === 0).map((g) => ({ Id: ids.muting(g), DeveloperName: `${groupName(g)}_Muting`, MasterLabel: `${groupName(g)} Muting` }))],
    ['PermissionSetGroup', () => [...range(groups)].map((g) => ({ Id: ids.group(g), DeveloperName: groupName(g), MasterLabel: groupName(g).replace(/_/g, ' ') }))],
    ['PermissionSetGroupComponent', () => componentRecords(plan)],
    ['PermissionSetLicenseAssign', () => holdingRecords(plan)],
    ['PermissionSetAssignment', () => assignmentRecords(plan)],
  ];
}

const ORG = { name: 'Large Org (generated)', username: ADMIN_USERNAME };

/** The generated org as a seed object (for start({seed})). */
export function generateOrg(options: GenerateOptions = {}): Seed {
  const plan = makePlan(options);
  return { org: { ...ORG }, records: Object.fromEntries(sections(plan).map(([type, records]) => [type, [...records()]])) };
}

/** Writes the generated org as seed JSON, record by record, honouring back-pressure. */
export async function writeOrg(out: NodeJS.WritableStream, options: GenerateOptions = {}): Promise<void> {
  const plan = makePlan(options);
  let buffer = `{"org":${JSON.stringify(ORG)},"records":{`;
  const flush = async (force = false): Promise<void> => {
    if (!force && buffer.length < 1 << 20) return;
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  for (const [index, [type, records]] of sections(plan).entries()) {
    buffer += `${index === 0 ? '' : ','}${JSON.stringify(type)}:[`;
    let first = true;
    for (const record of records()) {
      buffer += (first ? '' : ',') + JSON.stringify(record);
      first = false;
      await flush();
    }
    buffer += ']';
  }
  buffer += '}}\n';
  await flush(true);
}

const FLAGS: Record<string, keyof GenerateOptions> = {
  '--users': 'users',
  '--permission-sets': 'permissionSets',
  '--groups': 'groups',
  '--psls': 'psls',
  '--assignments': 'assignments',
  '--inactive-share': 'inactiveShare',
  '--seed': 'seed',
};

export function parseArgs(argv: string[]): GenerateOptions {
  const options: GenerateOptions = {};
  for (let k = 0; k < argv.length; k += 2) {
    const key = FLAGS[argv[k]];
    const value = Number(argv[k + 1]);
    if (!key || !Number.isFinite(value) || value < 0) {
      throw new Error(`generate: cannot read "${argv[k]} ${argv[k + 1] ?? ''}"; flags: ${Object.keys(FLAGS).join(' ')} (each with a number)`);
    }
    options[key] = value;
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeOrg(process.stdout, parseArgs(process.argv.slice(2))).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
