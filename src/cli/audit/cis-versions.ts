/**
 * The CIS AWS Foundations Benchmark numbers the two contact recommendations differently in each version (the
 * wording and the "Manual", Level 1 assessment are unchanged): one table, versions → numbers, used by every format.
 */

/** The versions the command knows, oldest first. */
export const CIS_VERSIONS = ['3.0.0', '4.0.1', '5.0.0', '6.0.0', '7.0.0'] as const;
export type CisVersion = (typeof CIS_VERSIONS)[number];

/** The default: the newest version. */
export const NEWEST_CIS_VERSION: CisVersion = CIS_VERSIONS[CIS_VERSIONS.length - 1];

/** The two recommendations, by what they ask. */
export enum CisRecommendation {
  /** "Maintain current contact details": the primary contact and the BILLING / OPERATIONS alternate contacts. */
  CONTACT_DETAILS = 'CONTACT_DETAILS',
  /** "Ensure security contact information is registered": the SECURITY alternate contact. */
  SECURITY_CONTACT = 'SECURITY_CONTACT',
}

export const CIS_TITLES: Record<CisRecommendation, string> = {
  [CisRecommendation.CONTACT_DETAILS]: 'Maintain current contact details',
  [CisRecommendation.SECURITY_CONTACT]: 'Ensure security contact information is registered',
};

const NUMBERS: Record<CisVersion, Record<CisRecommendation, string>> = {
  '3.0.0': { CONTACT_DETAILS: '1.1', SECURITY_CONTACT: '1.2' },
  '4.0.1': { CONTACT_DETAILS: '1.1', SECURITY_CONTACT: '1.2' },
  '5.0.0': { CONTACT_DETAILS: '1.1', SECURITY_CONTACT: '1.2' },
  '6.0.0': { CONTACT_DETAILS: '2.1', SECURITY_CONTACT: '2.2' },
  '7.0.0': { CONTACT_DETAILS: '2.2', SECURITY_CONTACT: '2.3' },
};

/** The same check under AWS Security Hub's control ids, where one exists. */
export const SECURITY_HUB_CONTROLS: Partial<Record<CisRecommendation, string>> = {
  [CisRecommendation.SECURITY_CONTACT]: 'Account.1',
};

/** The recommendation's number in a version, e.g. `2.3` for the security contact in 7.0.0. */
export function cisNumber(recommendation: CisRecommendation, version: CisVersion): string {
  return NUMBERS[version][recommendation];
}

/** The check id the command reports, e.g. `CIS-2.3`. */
export function cisCheckId(recommendation: CisRecommendation, version: CisVersion): string {
  return `CIS-${cisNumber(recommendation, version)}`;
}

export function isCisVersion(value: string): value is CisVersion {
  return (CIS_VERSIONS as readonly string[]).includes(value);
}
