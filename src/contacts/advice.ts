/**
 * Advice that the CIS benchmark and AWS's guidance ask for but the API does not enforce: contacts that a team
 * answers (mail aliases, hunt groups) rather than one person. Constructs turn advice into warnings; the audit
 * command turns it into findings.
 */
import { AlternateContact, AlternateContactType } from './alternate-contact';
import { DeclaredAlternateContacts } from './declared-contacts';
import { maskEmailAddress, maskPhoneNumber } from './personal-data';

/** One piece of advice. */
export interface Advice {
  /** A stable id, such as `securityEmailLooksPersonal`; CDK users acknowledge warnings with it. */
  readonly id: string;
  /** What was seen and what to do instead. Personal data in it is masked. */
  readonly message: string;
}

/**
 * Local-part words that name a team, a role or a function rather than a person.
 */
const ROLE_WORDS = [
  'security',
  'sec',
  'secops',
  'soc',
  'cert',
  'csirt',
  'cirt',
  'incident',
  'incidents',
  'abuse',
  'infosec',
  'cyber',
  'aws',
  'cloud',
  'ops',
  'operations',
  'devops',
  'sre',
  'noc',
  'oncall',
  'platform',
  'infra',
  'infrastructure',
  'billing',
  'finance',
  'accounts',
  'accounting',
  'payable',
  'invoices',
  'team',
  'group',
  'alerts',
  'alert',
  'admin',
  'admins',
  'root',
  'it',
  'helpdesk',
  'support',
  'service',
  'notifications',
  'contact',
  'contacts',
  'compliance',
  'risk',
  'legal',
  'office',
  'info',
  'dl',
  'list',
];

/**
 * Whether an email address looks like one person's mailbox rather than a shared alias: its local part (less any
 * `+tag`) holds no word naming a team, role or function.
 */
export function looksLikePersonalMailbox(emailAddress: string): boolean {
  const local = emailAddress.trim().split('@')[0].split('+')[0].toLowerCase();
  const words = local.split(/[^a-z0-9]+/).filter((word) => word.length > 0);
  const hasRoleWord = words.some((word) => ROLE_WORDS.includes(word) || ROLE_WORDS.some((role) => role.length >= 5 && word.includes(role)));
  return !hasRoleWord;
}

/**
 * Advice on a set of alternate contacts. Values that are not known yet (tokens) are skipped.
 */
export function adviseOnAlternateContacts(contacts: DeclaredAlternateContacts, isUnresolved: (value: unknown) => boolean = () => false): Advice[] {
  const advice: Advice[] = [];
  // Empty and token values are not advised on: the checks for missing values and the handler deal with them.
  const known = (value: string | undefined): value is string => typeof value === 'string' && value.trim() !== '' && !isUnresolved(value);
  const security = contacts.security;
  if (security && known(security.emailAddress) && looksLikePersonalMailbox(security.emailAddress)) {
    advice.push({
      id: 'securityEmailLooksPersonal',
      message: `security.emailAddress '${maskEmailAddress(security.emailAddress)}' looks like one person's mailbox: use a mail alias or distribution list that the security team answers (e.g. security@, aws-security@), so that AWS reaches someone when that person is away or leaves`,
    });
  }
  const typed: Array<[AlternateContactType, AlternateContact | undefined]> = [
    [AlternateContactType.SECURITY, contacts.security],
    [AlternateContactType.BILLING, contacts.billing],
    [AlternateContactType.OPERATIONS, contacts.operations],
  ];
  const emails = typed.map(([, contact]) => contact?.emailAddress);
  if (emails.every(known) && new Set(emails.map((email) => email.trim().toLowerCase())).size === 1) {
    advice.push({
      id: 'sameEmailForAllContactTypes',
      message: `security, billing and operations use the same emailAddress '${maskEmailAddress(emails[0]!)}': route each type to the team that acts on it, so that security notices are not lost among invoices`,
    });
  }
  for (const [type, contact] of typed) {
    if (contact && known(contact.phoneNumber) && !contact.phoneNumber.trim().startsWith('+')) {
      advice.push({
        id: 'phoneNumberNotInternational',
        message: `${type.toLowerCase()}.phoneNumber has no international prefix: write it as +<country code> <number> so that AWS can call it from any country`,
      });
    }
  }
  return advice;
}

/**
 * Advice on the account's primary email address (the root user's, the address AWS writes to first): the same
 * judgement as the security contact's, since CIS asks that contact details reach more than one individual.
 */
export function adviseOnPrimaryEmail(primaryEmail: string): Advice[] {
  if (primaryEmail.trim() === '' || !looksLikePersonalMailbox(primaryEmail)) {
    return [];
  }
  return [
    {
      id: 'primaryEmailLooksPersonal',
      message: `the account's primary email address '${maskEmailAddress(primaryEmail)}' (the root user's) looks like one person's mailbox: change it to a mail alias or distribution list that the account's owners answer (e.g. aws-payments-prod@), so that AWS reaches someone when that person is away or leaves`,
    },
  ];
}

/** The digits of a phone number, so that '+1 206 555 0100' and '+1-206-555-0100' are the same number. */
function phoneDigits(phoneNumber: string): string {
  return phoneNumber.replace(/[^0-9]/g, '');
}

/**
 * Advice that the contacts reach different places: no two of the security, billing and operations contacts and the
 * account's primary email address share an email address, and no two of the alternate contacts and the primary contact
 * share a phone number. One shared
 * mailbox or phone is one point of failure, and CIS asks for contacts mapped to more than one individual. Contacts
 * that are absent are not compared (the CIS checks report them missing).
 */
export function adviseOnDistinctContacts(
  contacts: DeclaredAlternateContacts,
  primary: { readonly phoneNumber?: string; readonly emailAddress?: string } = {},
): Advice[] {
  const named: Array<[string, { emailAddress?: string; phoneNumber?: string } | undefined]> = [
    ['security', contacts.security],
    ['billing', contacts.billing],
    ['operations', contacts.operations],
    ['primary', primary],
  ];
  const shared = (field: 'emailAddress' | 'phoneNumber', key: (value: string) => string, mask: (value: string) => string) => {
    const holders = new Map<string, { shown: string; names: string[] }>();
    for (const [name, contact] of named) {
      const value = contact?.[field];
      if (typeof value === 'string' && key(value) !== '') {
        const entry = holders.get(key(value)) ?? { shown: mask(value), names: [] };
        entry.names.push(name);
        holders.set(key(value), entry);
      }
    }
    return [...holders.values()]
      .filter((entry) => entry.names.length > 1)
      .map((entry) => `${entry.names.join(', ')} share ${field} '${entry.shown}'`);
  };
  const problems = [
    ...shared('emailAddress', (value) => value.trim().toLowerCase(), maskEmailAddress),
    ...shared('phoneNumber', phoneDigits, maskPhoneNumber),
  ];
  return problems.length === 0
    ? []
    : [
        {
          id: 'contactsNotDistinct',
          message: `${problems.join('; ')}: give each contact its own alias and hunt group, so that one unanswered mailbox or phone does not silence them all`,
        },
      ];
}
