/**
 * The alternate contacts a construct declares for one account: which types, under which property names, and
 * every problem with them. Shared by the CDK and CDK-for-Terraform constructs.
 */
import { AlternateContact, AlternateContactType } from './alternate-contact';
import { ValidationOptions, ValidationProblem, validateAccountId, validateAlternateContact } from './validation';

/** Alternate contacts as declared for one account, by type. */
export interface DeclaredAlternateContacts {
  readonly security?: AlternateContact;
  readonly billing?: AlternateContact;
  readonly operations?: AlternateContact;
}

/** One declared contact with its type and the property that declared it. */
export interface DeclaredContact {
  readonly type: AlternateContactType;
  readonly property: keyof DeclaredAlternateContacts;
  readonly contact: AlternateContact;
}

const PROPERTY_BY_TYPE: ReadonlyArray<[AlternateContactType, keyof DeclaredAlternateContacts]> = [
  [AlternateContactType.SECURITY, 'security'],
  [AlternateContactType.BILLING, 'billing'],
  [AlternateContactType.OPERATIONS, 'operations'],
];

/** The declared contacts, in the order SECURITY, BILLING, OPERATIONS. */
export function declaredContacts(declared: DeclaredAlternateContacts): DeclaredContact[] {
  return PROPERTY_BY_TYPE.filter(([, property]) => declared[property] !== undefined).map(([type, property]) => ({
    type,
    property,
    contact: declared[property]!,
  }));
}

/**
 * Every problem with the contacts declared for one account: SECURITY is required (CIS 1.2), each contact must
 * follow the API's rules, and the account id must be 12 digits.
 */
export function validateDeclaredAlternateContacts(
  declared: DeclaredAlternateContacts,
  accountId: string | undefined,
  options: ValidationOptions & { readonly fromParameters?: readonly string[] } = {},
): ValidationProblem[] {
  const prefix = options.fieldPrefix ?? '';
  const problems: ValidationProblem[] = [...validateAccountId(accountId, options)];
  // A SECURITY contact held in an SSM parameter is checked when the function reads it.
  if (declared.security === undefined && !(options.fromParameters ?? []).includes('security')) {
    problems.push({
      field: `${prefix}security`,
      message: `${prefix}security is required: CIS AWS Foundations Benchmark 1.2 asks for a SECURITY alternate contact`,
    });
  }
  for (const { property, contact } of declaredContacts(declared)) {
    problems.push(...validateAlternateContact(contact, { ...options, fieldPrefix: `${prefix}${property}.` }));
  }
  return problems;
}
