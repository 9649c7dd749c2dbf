import {
  type AccessInput,
  type GroupModel,
  type MuteModel,
  type PermissionSetModel,
  type UserModel,
} from '../../../../src/planning/access/types.js';

export const NOW = new Date('2030-06-01T12:00:00Z');
let counter = 0;
const nextId = (prefix: string): string => `${prefix}${String(++counter).padStart(15, '0')}`;

export function set(name: string, grants: string[], extra: Partial<PermissionSetModel> = {}): PermissionSetModel {
  return { id: nextId('0PS'), name, activationRequired: false, grants: new Set(grants), ...extra };
}

export function mute(name: string, mutes: string[]): MuteModel {
  return { id: nextId('0QM'), name, mutes: new Set(mutes) };
}

export function group(name: string, members: PermissionSetModel[], extra: Partial<GroupModel> = {}): GroupModel {
  return { id: nextId('0PG'), name, status: 'Updated', activationRequired: false, members, ...extra };
}

export function user(extra: Partial<UserModel> = {}): UserModel {
  return { id: '005000000000001AAA', username: 'ann@example.org', isActive: true, licenseIds: new Set(['100000000000001AAA']), ...extra };
}

export function input(extra: Partial<AccessInput> = {}): AccessInput {
  return { user: user(), sets: [], groups: [], now: NOW, ...extra };
}
