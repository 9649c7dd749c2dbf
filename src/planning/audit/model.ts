/**
 * The normalised model every audit rule reads: permission set groups, permission sets and muting permission sets,
 * as defined in source files or read from an org. Rules are pure functions over it, so the same rule runs before
 * deploy (source) and after (org); where a fact exists on one side only it is optional here.
 */
export type ComponentType = 'PermissionSetGroup' | 'PermissionSet' | 'MutingPermissionSet';
/** What a finding is about: a component, or (org findings) a permission set license. */
export type SubjectType = ComponentType | 'PermissionSetLicense';

/** Where a component (or one of its elements) is defined: a file relative to the repository root, and a 1-based line. */
export type Where = { file?: string; line?: number };

/** A name written somewhere (a group's member or mute entry), with where it is written. */
export type NameRef = Where & { name: string };

/** A label, description or status value and where it is written. */
export type TextValue = Where & { value: string };

export type ObjectPermission = {
  object: string;
  allowRead: boolean;
  allowCreate: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  viewAllRecords: boolean;
  modifyAllRecords: boolean;
};
export type FieldPermission = { field: string; readable: boolean; editable: boolean };
/** A user (system) permission or a custom permission; `enabled` means granted on a set, muted on a mute. */
export type NamedPermission = { name: string; enabled: boolean };

/** The permission blocks a set grants or a mute mutes (true = granted / muted), kept for the access model's rules. */
export type Permissions = {
  objectPermissions: ObjectPermission[];
  fieldPermissions: FieldPermission[];
  userPermissions: NamedPermission[];
  customPermissions: NamedPermission[];
  /**
   * The same as access keys of the shared access model, when the reader built them (an org model does, from the
   * permission rows; a source model leaves them out and src/planning/audit/grants.ts derives them from the blocks).
   */
  grants?: ReadonlySet<string>;
};

/** Fields common to the three kinds. `fingerprint` is a digest of the definition, equal for identical copies. */
type ComponentBase = Where & {
  name: string;
  label?: TextValue;
  description?: TextValue;
  fingerprint: string;
};

/** Who holds a set directly, or a group, in the org (aggregate counts, never user rows). */
export type Holders = { active: number; inactive: number; expiringSoon: number };

export type GroupDef = ComponentBase & {
  kind: 'PermissionSetGroup';
  members: NameRef[];
  mutes: NameRef[];
  status?: TextValue;
  hasActivationRequired?: boolean;
  /** Org only: LastModifiedDate (ISO) and the assignment counts. */
  lastModified?: string;
  holders?: Holders;
};

/**
 * A license a set needs: `user` (a user license, which the assignee's profile must carry) or `psl` (a permission set
 * license the assignee must hold). `unknown` when the name alone cannot tell (source files carry only a name).
 */
export type LicenseNeed = { name: string; kind: 'user' | 'psl' | 'unknown' };

export type SetDef = ComponentBase &
  Permissions & {
    kind: 'PermissionSet';
    license?: LicenseNeed & Where;
    hasActivationRequired?: boolean;
    /** Org only: direct assignments (a group's assignments count on the group). */
    holders?: Holders;
  };

export type MuteDef = ComponentBase & Permissions & { kind: 'MutingPermissionSet' };

export type ComponentDef = GroupDef | SetDef | MuteDef;

/** A file that could not be read as a component. */
export type FileProblem =
  | { kind: 'unparsable'; file: string; line?: number; componentType: ComponentType; name?: string; detail: string }
  | { kind: 'stray'; file: string; folder: string; componentType: ComponentType };

/** What the tree or org tells about names that live elsewhere (external-reference). */
export type ProjectContext = {
  /** The project's own namespace (sfdx-project.json `namespace`): `ns__X` then resolves to a local X. */
  namespace?: string;
  /** Package dependencies declared by the project's package directories (package names or aliases). */
  dependencies: string[];
};

/** A permission set license's budget as `psl report` computes it (src/planning/psl), for the psl-* rules. */
export type LicenseBudget = {
  name: string;
  label: string;
  states: string[];
  totalLicenses: number;
  usedLicenses: number;
  percentUsed: number | null;
  /** Seats held by inactive users, and by active users whose sets and groups need no such license. */
  inactiveHolders: number;
  unusedHolders: number;
};

/** Users of a group who still get what its mute mutes from another assignment (mute-ineffective). */
export type MuteBypassFact = { group: string; mute: string; users: number; usernames: string[]; accesses: string[] };
/** Users of a group who also hold some of its member sets directly (redundant-assignment); `sets`: the group's members. */
export type RedundantFact = { group: string; sets: string[]; users: number };

/** What only an org tells: the time of the read, license budgets, and what the assignment reads found. */
export type OrgFacts = {
  now: string;
  licenses: LicenseBudget[];
  muteBypasses: MuteBypassFact[];
  redundant: RedundantFact[];
  /** With --source-dir: the groups of the source, compared with the org's for drift. */
  sourceGroups?: GroupDef[];
};

export type AuditModel = {
  origin: 'source' | 'org';
  /** Every definition found, duplicates included (duplicate-component compares them). */
  groups: GroupDef[];
  sets: SetDef[];
  mutes: MuteDef[];
  problems: FileProblem[];
  project: ProjectContext;
  org?: OrgFacts;
};
