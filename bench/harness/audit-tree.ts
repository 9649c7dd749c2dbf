import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A generated SFDX project for the source audit benchmark: `groups` groups of 4–12 member sets each, `sets`
 * permission sets carrying object, field and user permissions like real ones, and `mutes` muting sets, one per
 * group for the first `mutes` groups. Deterministic (a fixed linear congruential sequence), so runs compare.
 * A few findings are planted (a naming drift, a missing set, a stray file) so every output path is exercised.
 */
export type AuditTreeSize = { groups: number; sets: number; mutes: number };

const NS = 'http://soap.sforce.com/2006/04/metadata';
const OBJECTS = ['Account', 'Contact', 'Opportunity', 'Case', 'Lead', 'Campaign', 'Contract', 'Order'];

export function writeAuditTree(dir: string, size: AuditTreeSize): { files: number } {
  const base = join(dir, 'force-app', 'main', 'default');
  const folders = { groups: join(base, 'permissionsetgroups'), sets: join(base, 'permissionsets'), mutes: join(base, 'mutingpermissionsets') };
  Object.values(folders).forEach((f) => mkdirSync(f, { recursive: true }));
  writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' }, null, 2));
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const setName = (k: number): string => `PS_Set${String(k).padStart(4, '0')}`;
  for (let k = 0; k < size.sets; k++) writeFileSync(join(folders.sets, `${setName(k)}.permissionset-meta.xml`), permissionSet(k));
  for (let k = 0; k < size.mutes; k++) writeFileSync(join(folders.mutes, `MutePS_Scope${k}_NoDelete.mutingpermissionset-meta.xml`), mute(`MutePS_Scope${k}_NoDelete`, k));
  for (let k = 0; k < size.groups; k++) {
    const members = new Set<string>();
    const count = 4 + next(9);
    while (members.size < count) members.add(setName(next(size.sets)));
    if (k === 1) members.add('PS_NotInTree');
    const name = k === 2 ? `SalesGroup${k}` : `PSG_Persona${k}_Prod`;
    const mutes = k < size.mutes ? [`MutePS_Scope${k}_NoDelete`] : [];
    writeFileSync(join(folders.groups, `${name}.permissionsetgroup-meta.xml`), group(name, [...members], mutes));
  }
  writeFileSync(join(folders.groups, 'README.md'), '# Notes left in a metadata folder\n');
  return { files: size.sets + size.mutes + size.groups + 2 };
}

function group(name: string, members: string[], mutes: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<PermissionSetGroup xmlns="${NS}">`,
    `    <description>Bundle for ${name}</description>`,
    `    <label>${name}</label>`,
    ...mutes.map((m) => `    <mutingPermissionSets>${m}</mutingPermissionSets>`),
    ...members.map((m) => `    <permissionSets>${m}</permissionSets>`),
    '    <status>Updated</status>',
    '</PermissionSetGroup>',
    '',
  ].join('\n');
}

function objectBlock(object: string, all: boolean): string {
  const v = String(all);
  return `    <objectPermissions>\n        <allowCreate>${v}</allowCreate>\n        <allowDelete>${v}</allowDelete>\n        <allowEdit>${v}</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${object}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>`;
}

function permissionSet(k: number): string {
  const objects = [0, 1, 2, 3].map((d) => OBJECTS[(k + d) % OBJECTS.length]);
  const fields = objects.flatMap((o) => [1, 2, 3].map((f) => `    <fieldPermissions>\n        <editable>${f === 1}</editable>\n        <field>${o}.Field${f}__c</field>\n        <readable>true</readable>\n    </fieldPermissions>`));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<PermissionSet xmlns="${NS}">`,
    `    <description>Generated set ${k}</description>`,
    ...fields,
    '    <hasActivationRequired>false</hasActivationRequired>',
    `    <label>Set ${k}</label>`,
    ...objects.map((o, d) => objectBlock(o, d === 0)),
    `    <userPermissions>\n        <enabled>true</enabled>\n        <name>${k % 2 === 0 ? 'ApiEnabled' : 'RunReports'}</name>\n    </userPermissions>`,
    '</PermissionSet>',
    '',
  ].join('\n');
}

function mute(name: string, k: number): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<MutingPermissionSet xmlns="${NS}">`, `    <label>${name}</label>`, objectBlock(OBJECTS[k % OBJECTS.length], true), '</MutingPermissionSet>', ''].join('\n');
}
