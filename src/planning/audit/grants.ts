import { type AccessKey, customPermissionKey, metadataFieldKeys, metadataObjectKeys, systemKey } from '../access/index.js';
import { type MuteDef, type Permissions, type SetDef } from './model.js';

/**
 * The access keys a set grants (or a mute mutes), in the shared access model's spelling: the key helpers turn the
 * metadata blocks into keys, so the audit's mute rules and `permset explain` compare the same things. A model read
 * from an org carries its keys already (`grants`, built from the permission rows); a source model is converted here.
 */
export function grantsOf(def: SetDef | MuteDef): ReadonlySet<AccessKey> {
  return def.grants ?? blockKeys(def);
}

function blockKeys(p: Permissions): Set<AccessKey> {
  const keys = new Set<AccessKey>();
  const add = (list: AccessKey[]): void => list.forEach((k) => keys.add(k));
  for (const o of p.objectPermissions) add(metadataObjectKeys(o.object, o));
  for (const f of p.fieldPermissions) add(metadataFieldKeys(f.field, f));
  for (const u of p.userPermissions) if (u.enabled) keys.add(systemKey(u.name));
  for (const c of p.customPermissions) if (c.enabled) keys.add(customPermissionKey(c.name));
  return keys;
}
