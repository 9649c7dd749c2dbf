import { type LicenseNeed } from './model.js';

/**
 * User license names (the `license` element of a permission set names its user license; a name outside this list is
 * taken for a permission set license). Unverified list: the user licenses Salesforce documents in "User Licenses"
 * and its community/portal pages; an org read gives the exact kind from the LicenseId prefix instead.
 */
const USER_LICENSES = new Set(
  [
    'Salesforce',
    'Salesforce Platform',
    'Salesforce Integration',
    'Lightning Platform Starter',
    'Lightning Platform Plus',
    'Force.com - Free',
    'Force.com - App Subscription',
    'Force.com - One App',
    'Chatter Free',
    'Chatter External',
    'Chatter Only',
    'Identity',
    'External Identity',
    'Customer Community',
    'Customer Community Login',
    'Customer Community Plus',
    'Customer Community Plus Login',
    'Partner Community',
    'Partner Community Login',
    'Channel Account',
    'Gold Partner',
    'Silver Partner',
    'High Volume Customer Portal',
    'Authenticated Website',
    'Customer Portal Manager Standard',
    'Customer Portal Manager Custom',
    'Guest User License',
    'Work.com Only',
  ].map((n) => n.toLowerCase())
);

export function classifyLicense(name: string): LicenseNeed['kind'] {
  return USER_LICENSES.has(name.trim().toLowerCase()) ? 'user' : 'psl';
}
