import { PERMISSION_FIELDS } from '../emulator/store/schema.js';
import { SeedBuilder, type Seed } from './seed-builder.js';

/**
 * Seeds for `permset explain` beyond the hand-written ones: a large user (request counts, bench/) and random
 * orgs for the cross-check against the emulator's own UserEntityAccess / UserFieldAccess / UserPermissionAccess.
 */

/** Standard objects and their permissionable fields in the emulator (test/emulator/store/data-objects.ts). */
export const STANDARD_FIELDS: Record<string, string[]> = {
  Account: ['Industry', 'Rating', 'Type', 'Phone', 'Website', 'AnnualRevenue', 'NumberOfEmployees', 'Description'],
  Contact: ['FirstName', 'Email', 'Phone', 'Title', 'AccountId', 'Birthdate'],
  Opportunity: ['Amount', 'Probability', 'AccountId', 'NextStep', 'Description'],
  Case: ['Subject', 'Status', 'Priority', 'Origin', 'AccountId', 'Description'],
  Lead: ['Email', 'Status', 'Rating', 'Industry', 'Phone'],
};
/** Five custom objects of four fields each: with the standard ones, 10 objects and 50 permissionable fields. */
export const CUSTOM_OBJECTS = ['Invoice', 'Project', 'Asset_Tag', 'Contract_Line', 'Visit'].map((n) => ({ name: `${n}__c`, label: n.replace(/_/g, ' '), fields: ['Amount__c', 'Status__c', 'Code__c', 'Notes__c'] }));
export const ALL_FIELDS: Record<string, string[]> = { ...STANDARD_FIELDS, ...Object.fromEntries(CUSTOM_OBJECTS.map((o) => [o.name, o.fields])) };
export const OBJECTS = Object.keys(ALL_FIELDS);
/** The required fields, which take no field permissions (their access follows the object's). */
export const REQUIRED_FIELDS: Record<string, string[]> = {
  Account: ['Name'],
  Contact: ['LastName'],
  Opportunity: ['Name', 'StageName', 'CloseDate'],
  Case: [],
  Lead: ['LastName', 'Company'],
  ...Object.fromEntries(CUSTOM_OBJECTS.map((o) => [o.name, ['Name']])),
};
export const PERMISSIONS = PERMISSION_FIELDS.map((f) => f.name.replace(/^Permissions/, ''));

type Rng = () => number;
/** mulberry32: a small deterministic generator, so a failing seed can be rerun. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const some = <T>(r: Rng, list: readonly T[], p: number): T[] => list.filter(() => r() < p);

/** Object access levels that satisfy the documented dependencies (Delete needs Edit and Read, …). */
const LEVELS: Array<Record<string, boolean>> = [
  { PermissionsRead: true },
  { PermissionsRead: true, PermissionsCreate: true },
  { PermissionsRead: true, PermissionsEdit: true },
  { PermissionsRead: true, PermissionsEdit: true, PermissionsDelete: true },
  { PermissionsRead: true, PermissionsViewAllRecords: true },
  { PermissionsRead: true, PermissionsCreate: true, PermissionsEdit: true, PermissionsDelete: true, PermissionsViewAllRecords: true, PermissionsModifyAllRecords: true },
];
const MUTABLE = ['PermissionsRead', 'PermissionsCreate', 'PermissionsEdit', 'PermissionsDelete', 'PermissionsViewAllRecords', 'PermissionsModifyAllRecords'];
/** Sets holding these cannot be given an expiration (Salesforce Help), so random expiring sets avoid them. */
const NO_EXPIRY = new Set(['AssignPermissionSets', 'ManageUsers', 'ManageProfilesPermissionsets']);

function addRows(b: SeedBuilder, r: Rng, parent: string, objects: number, fields: number): void {
  for (const object of some(r, OBJECTS, objects / OBJECTS.length)) b.add('ObjectPermissions', { ParentId: parent, SobjectType: object, ...pick(r, LEVELS) });
  for (const object of OBJECTS) {
    for (const field of some(r, ALL_FIELDS[object], fields / 50)) {
      b.add('FieldPermissions', { ParentId: parent, SobjectType: object, Field: `${object}.${field}`, PermissionsRead: true, PermissionsEdit: r() < 0.5 });
    }
  }
}

function addMute(b: SeedBuilder, r: Rng, ref: string): void {
  const perms = Object.fromEntries(some(r, PERMISSIONS, 0.3).map((p) => [`Permissions${p}`, true]));
  b.add('MutingPermissionSet', { ref, DeveloperName: ref, MasterLabel: ref, ...perms });
  for (const object of some(r, OBJECTS, 0.3)) b.add('ObjectPermissions', { ParentId: `ref:${ref}`, SobjectType: object, ...Object.fromEntries(some(r, MUTABLE, 0.4).map((c) => [c, true])) });
  for (const object of some(r, OBJECTS, 0.3)) {
    for (const field of some(r, ALL_FIELDS[object], 0.3)) b.add('FieldPermissions', { ParentId: `ref:${ref}`, SobjectType: object, Field: `${object}.${field}`, PermissionsRead: r() < 0.5, PermissionsEdit: true });
  }
}

/**
 * A random org around the running user (admin): the profile's own rows, direct sets (some session-based, some
 * expiring in a few days), groups of member sets with or without a mute (some not Updated, some session-based).
 */
export function randomAccessSeed(seed: number): Seed {
  const r = rng(seed);
  const b = new SeedBuilder();
  addRows(b, r, 'profileSet:prof-admin', 2, 5);
  const sets = Array.from({ length: 8 + Math.floor(r() * 8) }, (_, i) => `Set_${i}`);
  for (const name of sets) {
    const perms = some(r, PERMISSIONS, 0.25);
    b.permissionSet(name, { HasActivationRequired: r() < 0.15, ...Object.fromEntries(perms.map((p) => [`Permissions${p}`, true])) });
    addRows(b, r, `ref:${name}`, 3, 8);
  }
  const members = new Set<string>();
  for (let g = 0; g < 2 + Math.floor(r() * 3); g++) {
    const inGroup = some(r, sets, 0.3).slice(0, 6);
    if (inGroup.length === 0) inGroup.push(pick(r, sets));
    inGroup.forEach((m) => members.add(m));
    const mute = r() < 0.7 ? `Mute_${g}` : undefined;
    if (mute) addMute(b, r, mute);
    b.group(`Group_${g}`, [...inGroup, ...(mute ? [mute] : [])], { HasActivationRequired: r() < 0.1, ...(r() < 0.2 ? { __status: 'Outdated' } : {}) });
    b.assignGroup('admin', `Group_${g}`);
  }
  for (const name of sets) {
    if (r() >= 0.5) continue;
    b.assign('admin', name, r() < 0.3 ? { ExpirationDate: `@now+${1 + Math.floor(r() * 20)}d` } : {});
  }
  const built = b.build();
  // No expiration on a set holding a permission that forbids one (the emulator refuses it, as Salesforce does).
  for (const a of built.records.PermissionSetAssignment ?? []) {
    const set = built.records.PermissionSet.find((s) => `ref:${String(s.ref)}` === a.PermissionSetId);
    if (set && [...NO_EXPIRY].some((p) => set[`Permissions${p}`] === true)) delete a.ExpirationDate;
  }
  return { ...built, objects: CUSTOM_OBJECTS } as Seed;
}

/** User `big` holding `sets` permission sets directly and `groups` groups (4 members and a mute each), plus 20 unassigned sets. */
export function largeUserSeed(options: { sets: number; groups: number }): Seed {
  const r = rng(options.sets * 1000 + options.groups);
  const b = new SeedBuilder().user('big');
  addRows(b, r, 'profileSet:prof-admin', 2, 5);
  const total = options.sets + options.groups * 4 + 20;
  for (let i = 0; i < total; i++) {
    b.permissionSet(`Big_${i}`, Object.fromEntries(some(r, PERMISSIONS.filter((p) => !NO_EXPIRY.has(p)), 0.2).map((p) => [`Permissions${p}`, true])));
    addRows(b, r, `ref:Big_${i}`, 3, 5);
  }
  for (let i = 0; i < options.sets; i++) b.assign('big', `Big_${i}`);
  for (let g = 0; g < options.groups; g++) {
    addMute(b, r, `Big_Mute_${g}`);
    const first = options.sets + g * 4;
    b.group(`Big_Group_${g}`, [0, 1, 2, 3].map((k) => `Big_${first + k}`).concat(`Big_Mute_${g}`)).assignGroup('big', `Big_Group_${g}`);
  }
  return { ...b.build(), objects: CUSTOM_OBJECTS } as Seed;
}
