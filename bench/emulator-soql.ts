/**
 * Not a test: measures the store and the SOQL engine on a large org, for the README's figures.
 * Run: node --import tsx bench/emulator-soql.ts
 */
import { MemoryStore } from '../test/emulator/store/memory-store.js';
import { executeSoql } from '../test/emulator/soql/execute.js';

const NOW = new Date('2026-01-01T00:00:00Z');

function seed(store: MemoryStore): { sets: string[] } {
  const lic = store.insert('UserLicense', { Name: 'Salesforce', TotalLicenses: 200_000 });
  const profile = store.insert('Profile', { Name: 'Standard User', UserLicenseId: lic.Id });
  const users: string[] = [];
  for (let i = 0; i < 100_000; i++) users.push(store.insert('User', { Username: `u${i}@x.org`, LastName: `L${i}`, IsActive: i % 5 !== 0, ProfileId: profile.Id }).Id);
  const sets: string[] = [];
  for (let i = 0; i < 300; i++) sets.push(store.insert('PermissionSet', { Name: `PS${i}`, Label: `PS ${i}` }).Id);
  const psls: string[] = [];
  for (let i = 0; i < 20; i++) psls.push(store.insert('PermissionSetLicense', { DeveloperName: `PSL${i}`, MasterLabel: `PSL ${i}`, TotalLicenses: 100_000 }).Id);
  // 7919 is prime to 100,000: the assignments spread over every user, about three each.
  for (let i = 0; i < 300_000; i++) store.insert('PermissionSetAssignment', { AssigneeId: users[(i * 7919) % users.length], PermissionSetId: sets[i % sets.length] });
  for (let i = 0; i < 100_000; i++) store.insert('PermissionSetLicenseAssign', { AssigneeId: users[i], PermissionSetLicenseId: psls[i % psls.length] });
  return { sets };
}

function main(): void {
  const started = performance.now();
  const store = new MemoryStore(undefined, { now: () => NOW });
  const { sets } = seed(store);
  const heapMb = (process.memoryUsage().heapUsed / 1e6).toFixed(0);
  console.log(`store: 100,000 users, 300 sets, 300,000 assignments, 100,000 PSL assignments inserted in ${(performance.now() - started).toFixed(0)} ms, heap ${heapMb} MB`);
  const queries = [
    `SELECT Id, AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId = '${sets[42]}' AND AssigneeId IN (SELECT Id FROM User WHERE IsActive = true)`,
    'SELECT PermissionSetLicenseId, COUNT(Id) FROM PermissionSetLicenseAssign WHERE Assignee.IsActive = false GROUP BY PermissionSetLicenseId',
    "SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN (SELECT Id FROM User WHERE IsActive = false) AND PermissionSet.Name = 'PS7'",
    `SELECT COUNT() FROM PermissionSetAssignment WHERE PermissionSetId = '${sets[1]}'`,
    "SELECT Id, Username FROM User WHERE Username = 'u99999@x.org'",
    "SELECT Id, Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.Name IN ('PS1', 'PS2') ORDER BY Assignee.Username LIMIT 2000",
    'SELECT COUNT(Id) FROM PermissionSetAssignment WHERE Assignee.IsActive = true',
  ];
  for (const soql of queries) {
    const times: number[] = [];
    let totalSize = 0;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      totalSize = executeSoql(store, soql, { now: NOW, apiVersion: 'v62.0' }).totalSize;
      times.push(performance.now() - start);
    }
    console.log(`${times[0].toFixed(1).padStart(7)} ms first, ${Math.min(...times).toFixed(1).padStart(7)} ms best of 3, ${String(totalSize).padStart(5)} rows: ${soql}`);
  }
}

main();
