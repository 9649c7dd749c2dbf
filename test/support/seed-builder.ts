/**
 * Small seeds for command tests, in the emulator's seed format (test/emulator/README.md): records by type, `ref`
 * names, `ref:` references. Derived records (profile permission sets, group aggregate sets, UsedLicenses, Status)
 * are the emulator's to compute.
 */
export type SeedRecord = Record<string, unknown>;
export type Seed = { org: { name: string; username: string }; records: Record<string, SeedRecord[]> };

export class SeedBuilder {
  private readonly records: Record<string, SeedRecord[]> = {};

  public constructor(private readonly adminUsername = 'admin@test.org') {
    this.add('UserLicense', { ref: 'lic-sf', Name: 'Salesforce', MasterLabel: 'Salesforce', LicenseDefinitionKey: 'SFDC', Status: 'Active', TotalLicenses: 100000 });
    this.add('UserLicense', { ref: 'lic-platform', Name: 'Salesforce Platform', MasterLabel: 'Salesforce Platform', LicenseDefinitionKey: 'AUL', Status: 'Active', TotalLicenses: 100000 });
    this.add('Profile', { ref: 'prof-admin', Name: 'System Administrator', UserLicenseId: 'ref:lic-sf' });
    this.add('Profile', { ref: 'prof-platform', Name: 'Platform User', UserLicenseId: 'ref:lic-platform' });
    this.user('admin', { Username: adminUsername });
  }

  public add(type: string, record: SeedRecord): this {
    (this.records[type] ??= []).push(record);
    return this;
  }

  public user(ref: string, fields: SeedRecord = {}): this {
    return this.add('User', {
      ref,
      Username: `${ref}@test.org`,
      LastName: ref,
      Alias: ref.slice(0, 8),
      Email: `${ref}@test.org`,
      IsActive: true,
      ProfileId: 'ref:prof-admin',
      UserType: 'Standard',
      ...fields,
    });
  }

  /** `count` users named `${prefix}${i}`. */
  public users(prefix: string, count: number, fields: SeedRecord = {}): this {
    for (let i = 1; i <= count; i++) this.user(`${prefix}${i}`, fields);
    return this;
  }

  public permissionSet(ref: string, fields: SeedRecord = {}): this {
    return this.add('PermissionSet', { ref, Name: ref, Label: ref.replace(/_/g, ' '), ...fields });
  }

  public psl(ref: string, total: number, fields: SeedRecord = {}): this {
    return this.add('PermissionSetLicense', {
      ref,
      DeveloperName: ref,
      MasterLabel: ref.replace(/_/g, ' '),
      PermissionSetLicenseKey: ref.toUpperCase(),
      TotalLicenses: total,
      Status: 'Active',
      ...fields,
    });
  }

  public group(ref: string, members: string[], fields: SeedRecord = {}): this {
    this.add('PermissionSetGroup', { ref, DeveloperName: ref, MasterLabel: ref.replace(/_/g, ' '), ...fields });
    for (const member of members) this.add('PermissionSetGroupComponent', { PermissionSetGroupId: `ref:${ref}`, PermissionSetId: `ref:${member}` });
    return this;
  }

  public assign(userRef: string, permissionSetRef: string, fields: SeedRecord = {}): this {
    return this.add('PermissionSetAssignment', { AssigneeId: `ref:${userRef}`, PermissionSetId: `ref:${permissionSetRef}`, ...fields });
  }

  public assignGroup(userRef: string, groupRef: string, fields: SeedRecord = {}): this {
    return this.add('PermissionSetAssignment', { AssigneeId: `ref:${userRef}`, PermissionSetGroupId: `ref:${groupRef}`, ...fields });
  }

  public holdPsl(userRef: string, pslRef: string): this {
    return this.add('PermissionSetLicenseAssign', { AssigneeId: `ref:${userRef}`, PermissionSetLicenseId: `ref:${pslRef}` });
  }

  public build(): Seed {
    return { org: { name: 'Test Org', username: this.adminUsername }, records: structuredClone(this.records) };
  }
}
