/**
 * The validation rules of the AWS Account Management API, written once and shared by the CDK constructs, the
 * CDK-for-Terraform constructs, the Lambda handler and the audit command.
 *
 * Lengths, patterns, required members and enums come from the API's official model (botocore's
 * `account/2021-02-01/service-2.json`); `test/contacts/api-model.test.ts` fails when they disagree. Rules the
 * model cannot express (ISO country codes, the countries that require a state or region) are marked as such.
 */
import { AlternateContact, AlternateContactType } from './alternate-contact';
import { ContactInformation } from './contact-information';
import { ISO_3166_ALPHA2_COUNTRY_CODES } from './country-codes';
import { PersonalDataKind, maskPersonalData } from './personal-data';

/** The rule of one member of an Account Management API shape. */
export interface FieldRule {
  /** The field's name in this library (camelCase), e.g. `emailAddress`. */
  readonly field: string;
  /** The API shape that holds the member, e.g. `AlternateContact`. */
  readonly apiShape: string;
  /** The API member name, e.g. `EmailAddress`. */
  readonly apiMember: string;
  /** Whether the API requires the member. */
  readonly required: boolean;
  /** Minimum length in characters. @default - no minimum */
  readonly minLength?: number;
  /** Maximum length in characters. @default - no maximum */
  readonly maxLength?: number;
  /** The API's pattern as its model writes it (the whole value must match). */
  readonly pattern?: string;
  /** How to mask the value in messages; `undefined` when the value is not personal data. */
  readonly personalData?: PersonalDataKind;
  /** The API the rule comes from. @default 'Account Management API' */
  readonly api?: string;
}

const EMAIL_ADDRESS_PATTERN = '[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*';

/** Rules of `AlternateContact` (PutAlternateContact). */
export const ALTERNATE_CONTACT_RULES: readonly FieldRule[] = [
  { field: 'name', apiShape: 'AlternateContact', apiMember: 'Name', required: true, minLength: 1, maxLength: 64, personalData: PersonalDataKind.TEXT },
  { field: 'title', apiShape: 'AlternateContact', apiMember: 'Title', required: true, minLength: 1, maxLength: 50 },
  {
    field: 'emailAddress',
    apiShape: 'AlternateContact',
    apiMember: 'EmailAddress',
    required: true,
    minLength: 1,
    maxLength: 254,
    pattern: EMAIL_ADDRESS_PATTERN,
    personalData: PersonalDataKind.EMAIL_ADDRESS,
  },
  {
    field: 'phoneNumber',
    apiShape: 'AlternateContact',
    apiMember: 'PhoneNumber',
    required: true,
    minLength: 1,
    maxLength: 25,
    pattern: '[\\s0-9()+-]+',
    personalData: PersonalDataKind.PHONE_NUMBER,
  },
];

/** Rules of `ContactInformation` (PutContactInformation). */
export const CONTACT_INFORMATION_RULES: readonly FieldRule[] = [
  { field: 'fullName', apiShape: 'ContactInformation', apiMember: 'FullName', required: true, minLength: 1, maxLength: 50, personalData: PersonalDataKind.TEXT },
  { field: 'addressLine1', apiShape: 'ContactInformation', apiMember: 'AddressLine1', required: true, minLength: 1, maxLength: 60, personalData: PersonalDataKind.TEXT },
  { field: 'addressLine2', apiShape: 'ContactInformation', apiMember: 'AddressLine2', required: false, minLength: 1, maxLength: 60, personalData: PersonalDataKind.TEXT },
  { field: 'addressLine3', apiShape: 'ContactInformation', apiMember: 'AddressLine3', required: false, minLength: 1, maxLength: 60, personalData: PersonalDataKind.TEXT },
  { field: 'city', apiShape: 'ContactInformation', apiMember: 'City', required: true, minLength: 1, maxLength: 50 },
  { field: 'stateOrRegion', apiShape: 'ContactInformation', apiMember: 'StateOrRegion', required: false, minLength: 1, maxLength: 50 },
  { field: 'districtOrCounty', apiShape: 'ContactInformation', apiMember: 'DistrictOrCounty', required: false, minLength: 1, maxLength: 50 },
  { field: 'postalCode', apiShape: 'ContactInformation', apiMember: 'PostalCode', required: true, minLength: 1, maxLength: 20 },
  { field: 'countryCode', apiShape: 'ContactInformation', apiMember: 'CountryCode', required: true, minLength: 2, maxLength: 2 },
  {
    field: 'phoneNumber',
    apiShape: 'ContactInformation',
    apiMember: 'PhoneNumber',
    required: true,
    minLength: 1,
    maxLength: 20,
    pattern: '[+][\\s0-9()-]+',
    personalData: PersonalDataKind.PHONE_NUMBER,
  },
  { field: 'companyName', apiShape: 'ContactInformation', apiMember: 'CompanyName', required: false, minLength: 1, maxLength: 50 },
  { field: 'websiteUrl', apiShape: 'ContactInformation', apiMember: 'WebsiteUrl', required: false, minLength: 1, maxLength: 256 },
];

/** The `AccountId` request member: a 12-digit account id. */
export const ACCOUNT_ID_RULE: FieldRule = {
  field: 'accountId', apiShape: 'PutAlternateContactRequest', apiMember: 'AccountId', required: false, pattern: '\\d{12}',
};

/** The values of the API's `AlternateContactType` enum. */
export const ALTERNATE_CONTACT_TYPES: readonly AlternateContactType[] = [
  AlternateContactType.BILLING, AlternateContactType.OPERATIONS, AlternateContactType.SECURITY,
];

/**
 * Countries for which the API requires `StateOrRegion` (Account Management API reference, ContactInformation;
 * not expressible in the model).
 */
export const STATE_OR_REGION_REQUIRED_COUNTRIES: readonly string[] = ['US', 'CA', 'GB', 'DE', 'JP', 'IN', 'BR'];

/** One problem with one field. */
export interface ValidationProblem {
  /** The field, with its context, e.g. `security.emailAddress`. */
  readonly field: string;
  /** The whole message: field, what is wrong with the value, and the rule. */
  readonly message: string;
}

/** Options of the validation functions. */
export interface ValidationOptions {
  /** Prefix of field names in messages, e.g. `security.`. */
  readonly fieldPrefix?: string;
  /**
   * The field's name in messages, instead of the rule's (e.g. `excludeAccountIds[0]` for an account id).
   * @default the rule's field
   */
  readonly field?: string;
  /**
   * Tells values that are not known yet (CDK tokens): they are skipped, and checked again by the handler.
   * @default - every value is known
   */
  readonly isUnresolved?: (value: unknown) => boolean;
}

const compiledPatterns = new Map<string, RegExp>();

/** The rule's pattern anchored to the whole value, as the API applies it. */
export function anchoredPattern(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    // Unicode property classes (\p{L}, as in tag patterns) need the `u` flag; the other patterns are kept as they are.
    compiled = new RegExp(`^(?:${pattern})$`, pattern.includes('\\p{') ? 'u' : undefined);
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

/** Length as the API counts it: in Unicode code points. */
function lengthOf(value: string): number {
  return [...value].length;
}

function describeValue(rule: FieldRule, value: string): string {
  const shown = rule.personalData ? maskPersonalData(value, rule.personalData) : value;
  const length = lengthOf(value);
  return `'${shown}' (${length} character${length === 1 ? '' : 's'}${rule.personalData ? ', masked' : ''})`;
}

function ruleSource(rule: FieldRule): string {
  return `${rule.api ?? 'Account Management API'}, ${rule.apiShape}.${rule.apiMember}`;
}

/**
 * Checks one value against one rule and returns every problem found.
 */
export function validateField(rule: FieldRule, value: unknown, options: ValidationOptions = {}): ValidationProblem[] {
  const field = `${options.fieldPrefix ?? ''}${options.field ?? rule.field}`;
  const problem = (message: string): ValidationProblem => ({ field, message: `${field} ${message} (${ruleSource(rule)})` });
  if (value === undefined || value === null) {
    return rule.required ? [problem('is required')] : [];
  }
  if (options.isUnresolved?.(value)) {
    return [];
  }
  if (typeof value !== 'string') {
    return [problem(`must be a string, got ${typeof value}`)];
  }
  const problems: ValidationProblem[] = [];
  const length = lengthOf(value);
  const minLength = rule.minLength ?? 0;
  const maxLength = rule.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (length < minLength || length > maxLength) {
    const bounds = minLength === maxLength ? `exactly ${minLength}` : `${minLength} to ${maxLength}`;
    const what = length === 0 ? 'is empty' : `${describeValue(rule, value)} is too ${length < minLength ? 'short' : 'long'}`;
    problems.push(problem(`${what}: it must be ${bounds} characters long`));
  }
  if (rule.pattern && length > 0 && !anchoredPattern(rule.pattern).test(value)) {
    problems.push(problem(`${describeValue(rule, value)} does not match the AWS pattern ^${rule.pattern}$`));
  }
  return problems;
}

/**
 * Checks an alternate contact against the API's rules and returns every problem found (empty when valid).
 */
export function validateAlternateContact(contact: AlternateContact, options: ValidationOptions = {}): ValidationProblem[] {
  const values = contact as unknown as Record<string, unknown>;
  return ALTERNATE_CONTACT_RULES.flatMap((rule) => validateField(rule, values[rule.field], options));
}

/**
 * Checks the primary contact information against the API's rules and returns every problem found.
 */
export function validateContactInformation(information: ContactInformation, options: ValidationOptions = {}): ValidationProblem[] {
  const values = information as unknown as Record<string, unknown>;
  const problems = CONTACT_INFORMATION_RULES.flatMap((rule) => validateField(rule, values[rule.field], options));
  const prefix = options.fieldPrefix ?? '';
  const country = values.countryCode;
  const known = (value: unknown): value is string => typeof value === 'string' && !options.isUnresolved?.(value);
  if (known(country) && country.length === 2) {
    if (!ISO_3166_ALPHA2_COUNTRY_CODES.has(country)) {
      problems.push({
        field: `${prefix}countryCode`,
        message: `${prefix}countryCode '${country}' is not an ISO 3166-1 alpha-2 country code in upper case, such as 'US' (Account Management API, ContactInformation.CountryCode)`,
      });
    }
    if (STATE_OR_REGION_REQUIRED_COUNTRIES.includes(country) && values.stateOrRegion === undefined) {
      problems.push({
        field: `${prefix}stateOrRegion`,
        message: `${prefix}stateOrRegion is required when countryCode is '${country}' (required for ${STATE_OR_REGION_REQUIRED_COUNTRIES.join(', ')}; Account Management API, ContactInformation.StateOrRegion)`,
      });
    }
  }
  return problems;
}

/**
 * Checks an account id: 12 digits.
 */
export function validateAccountId(accountId: unknown, options: ValidationOptions = {}): ValidationProblem[] {
  if (accountId === undefined) {
    return [];
  }
  if (accountId === '') {
    // An empty parameter must never fall back to the caller's own account: that would write the wrong account.
    const field = `${options.fieldPrefix ?? ''}${options.field ?? ACCOUNT_ID_RULE.field}`;
    return [{
      field,
      message: `${field} is empty: it must be a 12-digit account id; leave ${field} out for the stack's own account (Account Management API, ${ACCOUNT_ID_RULE.apiShape}.${ACCOUNT_ID_RULE.apiMember})`,
    }];
  }
  return validateField({ ...ACCOUNT_ID_RULE, required: true }, accountId, options);
}

/**
 * Checks an alternate contact type: one of the API's enum values.
 */
export function validateAlternateContactType(type: unknown, options: ValidationOptions = {}): ValidationProblem[] {
  const field = `${options.fieldPrefix ?? ''}alternateContactType`;
  if (options.isUnresolved?.(type) || ALTERNATE_CONTACT_TYPES.includes(type as AlternateContactType)) {
    return [];
  }
  return [{
    field,
    message: `${field} '${String(type)}' is not one of ${ALTERNATE_CONTACT_TYPES.join(', ')} (Account Management API, AlternateContactType)`,
  }];
}

/** An organizational unit id (AWS Organizations API, `OrganizationalUnitId`). */
export const ORGANIZATIONAL_UNIT_ID_RULE: FieldRule = {
  field: 'organizationalUnitId',
  api: 'Organizations API',
  apiShape: 'OrganizationalUnit',
  apiMember: 'Id',
  required: true,
  maxLength: 68,
  pattern: 'ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}',
};

/**
 * Checks an organizational unit id: `ou-`, the root's suffix, `-` and 8 to 32 characters (Organizations API).
 */
export function validateOrganizationalUnitId(organizationalUnitId: unknown, options: ValidationOptions = {}): ValidationProblem[] {
  return validateField(ORGANIZATIONAL_UNIT_ID_RULE, organizationalUnitId, options);
}

/** An account tag key (AWS Organizations API, `Tag.Key`). */
export const TAG_KEY_RULE: FieldRule = {
  field: 'key',
  api: 'Organizations API',
  apiShape: 'Tag',
  apiMember: 'Key',
  required: true,
  minLength: 1,
  maxLength: 128,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
};

/** An account tag value (AWS Organizations API, `Tag.Value`): may be empty. */
export const TAG_VALUE_RULE: FieldRule = {
  field: 'value',
  api: 'Organizations API',
  apiShape: 'Tag',
  apiMember: 'Value',
  required: false,
  maxLength: 256,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
};

/** Checks an account tag condition: its key and, when given, its value (Organizations API rules). */
export function validateAccountTag(tag: { key?: unknown; value?: unknown } | undefined, options: ValidationOptions = {}): ValidationProblem[] {
  if (tag === undefined || tag === null || typeof tag !== 'object') {
    const field = `${options.fieldPrefix ?? ''}${options.field ?? 'tag'}`;
    return [{ field, message: `${field} is required: give it a key (and a value, unless any value will do)` }];
  }
  const prefix = `${options.fieldPrefix ?? ''}${options.field ? `${options.field}.` : ''}`;
  return [
    ...validateField(TAG_KEY_RULE, tag.key, { ...options, field: undefined, fieldPrefix: prefix }),
    ...validateField(TAG_VALUE_RULE, tag.value, { ...options, field: undefined, fieldPrefix: prefix }),
  ];
}

/** Where an Organizations policy is attached (AWS Organizations API, `AttachPolicy.TargetId`): a root, unit or account. */
export const POLICY_TARGET_ID_RULE: FieldRule = {
  field: 'targetId',
  api: 'Organizations API',
  apiShape: 'AttachPolicyRequest',
  apiMember: 'TargetId',
  required: true,
  maxLength: 100,
  pattern: 'r-[0-9a-z]{4,32}|\\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}',
};
