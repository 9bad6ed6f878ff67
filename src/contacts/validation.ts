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
  /**
   * Whether the value is text a person reads and types (a name, an address, a phone number): this library's
   * {@link TEXT_RULES} apply on top of the API's rules. @default false
   */
  readonly text?: boolean;
}

/**
 * A rule of this library on top of the API's, for every contact field: a value that AWS would store but that no
 * person could use, or that a template language would read as code. `pattern` is the ECMAScript (and JSON Schema)
 * pattern that a valid value matches, unanchored; the declaration file's JSON Schema carries it as written.
 */
export interface TextRule {
  /** A stable id, e.g. `not-blank`. */
  readonly id: string;
  /** What a valid value matches (searched, not anchored, with the `u` flag). */
  readonly pattern: string;
  /** What is wrong with a value that does not match, after the value: `is blank`. */
  readonly problem: string;
  /** The rule, after the problem: `it must hold a character other than white space`. */
  readonly rule: string;
}

/** This library's text rules: checked at synth, in both functions and in the command's declaration files alike. */
export const TEXT_RULES: readonly TextRule[] = [
  {
    id: 'not-blank',
    pattern: '\\S',
    problem: 'is blank',
    rule: 'it must hold a character other than white space',
  },
  {
    id: 'no-control-characters',
    pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$',
    problem: 'holds a control character (a line break, a tab, NUL or another)',
    rule: 'contacts are one line of printable text',
  },
  {
    id: 'no-markup',
    pattern: '^[^<>]*$',
    problem: 'holds < or >',
    rule: 'contacts hold no HTML or other markup: AWS shows and mails them as text',
  },
  {
    id: 'no-template-expression',
    pattern: '^(?:[^$]|\\$(?!\\{))*$',
    problem: 'holds ${',
    rule: 'CloudFormation (E1029) and Terraform read ${...} as an expression, not text; use a CDK token or Fn::Sub for a value known at deployment',
  },
  {
    id: 'no-template-directive',
    pattern: '^(?:[^%]|%(?!\\{))*$',
    problem: 'holds %{',
    rule: 'Terraform reads %{...} as a template directive (if, for), not text: the value would be stored changed or fail terraform validate',
  },
];

const TEXT_RULE_SOURCE = 'cdk-account-contacts text rule';

const EMAIL_ADDRESS_PATTERN = '[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*';

/** Rules of `AlternateContact` (PutAlternateContact). */
export const ALTERNATE_CONTACT_RULES: readonly FieldRule[] = [
  {
    field: 'name',
    apiShape: 'AlternateContact',
    apiMember: 'Name',
    required: true,
    text: true,
    minLength: 1,
    maxLength: 64,
    personalData: PersonalDataKind.TEXT,
  },
  { field: 'title', apiShape: 'AlternateContact', apiMember: 'Title', required: true, text: true, minLength: 1, maxLength: 50 },
  {
    field: 'emailAddress',
    apiShape: 'AlternateContact',
    apiMember: 'EmailAddress',
    required: true,
    text: true,
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
    text: true,
    minLength: 1,
    maxLength: 25,
    pattern: '[\\s0-9()+-]+',
    personalData: PersonalDataKind.PHONE_NUMBER,
  },
];

/** Rules of `ContactInformation` (PutContactInformation). */
export const CONTACT_INFORMATION_RULES: readonly FieldRule[] = [
  {
    field: 'fullName',
    apiShape: 'ContactInformation',
    apiMember: 'FullName',
    required: true,
    text: true,
    minLength: 1,
    maxLength: 50,
    personalData: PersonalDataKind.TEXT,
  },
  {
    field: 'addressLine1',
    apiShape: 'ContactInformation',
    apiMember: 'AddressLine1',
    required: true,
    text: true,
    minLength: 1,
    maxLength: 60,
    personalData: PersonalDataKind.TEXT,
  },
  {
    field: 'addressLine2',
    apiShape: 'ContactInformation',
    apiMember: 'AddressLine2',
    required: false,
    text: true,
    minLength: 1,
    maxLength: 60,
    personalData: PersonalDataKind.TEXT,
  },
  {
    field: 'addressLine3',
    apiShape: 'ContactInformation',
    apiMember: 'AddressLine3',
    required: false,
    text: true,
    minLength: 1,
    maxLength: 60,
    personalData: PersonalDataKind.TEXT,
  },
  { field: 'city', apiShape: 'ContactInformation', apiMember: 'City', required: true, text: true, minLength: 1, maxLength: 50 },
  { field: 'stateOrRegion', apiShape: 'ContactInformation', apiMember: 'StateOrRegion', required: false, text: true, minLength: 1, maxLength: 50 },
  {
    field: 'districtOrCounty',
    apiShape: 'ContactInformation',
    apiMember: 'DistrictOrCounty',
    required: false,
    text: true,
    minLength: 1,
    maxLength: 50,
  },
  { field: 'postalCode', apiShape: 'ContactInformation', apiMember: 'PostalCode', required: true, text: true, minLength: 1, maxLength: 20 },
  { field: 'countryCode', apiShape: 'ContactInformation', apiMember: 'CountryCode', required: true, text: true, minLength: 2, maxLength: 2 },
  {
    field: 'phoneNumber',
    apiShape: 'ContactInformation',
    apiMember: 'PhoneNumber',
    required: true,
    text: true,
    minLength: 1,
    maxLength: 20,
    pattern: '[+][\\s0-9()-]+',
    personalData: PersonalDataKind.PHONE_NUMBER,
  },
  { field: 'companyName', apiShape: 'ContactInformation', apiMember: 'CompanyName', required: false, text: true, minLength: 1, maxLength: 50 },
  { field: 'websiteUrl', apiShape: 'ContactInformation', apiMember: 'WebsiteUrl', required: false, text: true, minLength: 1, maxLength: 256 },
];

/** The `AccountId` request member: a 12-digit account id. */
export const ACCOUNT_ID_RULE: FieldRule = {
  field: 'accountId',
  apiShape: 'PutAlternateContactRequest',
  apiMember: 'AccountId',
  required: false,
  pattern: '\\d{12}',
};

/** Whether a value is a 12-digit AWS account id (ACCOUNT_ID_RULE's pattern, whole): the one test of account ids. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && new RegExp(`^(?:${ACCOUNT_ID_RULE.pattern})$`).test(value);
}

/** The values of the API's `AlternateContactType` enum. */
export const ALTERNATE_CONTACT_TYPES: readonly AlternateContactType[] = [
  AlternateContactType.BILLING,
  AlternateContactType.OPERATIONS,
  AlternateContactType.SECURITY,
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
const textPatterns = new Map(TEXT_RULES.map((rule) => [rule.id, new RegExp(rule.pattern, 'u')]));

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
  let length = 0;
  for (const _ of value) {
    length += 1;
  }
  return length;
}

/** How much of a value a message shows: a long value is cut, so that a message stays short whatever was typed. */
const SHOWN_CHARACTERS = 60;

function describeValue(rule: FieldRule, value: string): string {
  // Masking reads at most a little more than is shown: a 1 MB value costs no more than a short one.
  const head = [...value.slice(0, SHOWN_CHARACTERS * 4)];
  const cut = head.length > SHOWN_CHARACTERS ? `${head.slice(0, SHOWN_CHARACTERS).join('')}...` : head.join('');
  const shown = printableText(rule.personalData ? maskPersonalData(cut, rule.personalData) : cut);
  const length = lengthOf(value);
  return `'${shown}' (${length} character${length === 1 ? '' : 's'}${rule.personalData ? ', masked' : ''})`;
}

/** Control characters (line breaks, terminal escapes) as `\\u000a`: a message is one line, whatever the value holds. */
export function printableText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
  if (value === undefined || (value === null && rule.required)) {
    return rule.required ? [problem('is required')] : [];
  }
  if (value === null) {
    return [problem('is null: leave it out, or give it a value')];
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
  // An empty value that is too short was reported above; one that may be short (no minimum) still needs the pattern.
  if (rule.pattern && (length > 0 || minLength === 0) && !anchoredPattern(rule.pattern).test(value)) {
    const what = length === 0 ? 'is empty:' : `${describeValue(rule, value)} does not match`;
    problems.push(problem(`${what} ${length === 0 ? 'it must match' : 'the AWS pattern'} ^${rule.pattern}$`));
  }
  if (rule.text && length > 0) {
    for (const textRule of TEXT_RULES) {
      if (!textPatterns.get(textRule.id)!.test(value)) {
        problems.push({
          field,
          message: `${field} ${describeValue(rule, value)} ${textRule.problem}: ${textRule.rule} (${TEXT_RULE_SOURCE}, for ${rule.apiShape}.${rule.apiMember})`,
        });
      }
    }
  }
  return problems;
}

/** Whether a declared contact is an object whose fields can be read (not null, a string or an array). */
function contactObjectProblem(value: unknown, options: ValidationOptions, what: string): ValidationProblem[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return [];
  }
  const field = (options.fieldPrefix ?? '').replace(/\.$/, '') || what;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return [{ field, message: `${field} must be an object with the fields of ${what}, got ${got}` }];
}

/**
 * Checks an alternate contact against the API's rules and returns every problem found (empty when valid).
 */
export function validateAlternateContact(contact: AlternateContact, options: ValidationOptions = {}): ValidationProblem[] {
  const notAnObject = contactObjectProblem(contact, options, 'an alternate contact (name, title, emailAddress, phoneNumber)');
  if (notAnObject.length > 0 || options.isUnresolved?.(contact)) {
    return notAnObject;
  }
  const values = contact as unknown as Record<string, unknown>;
  return ALTERNATE_CONTACT_RULES.flatMap((rule) => validateField(rule, values[rule.field], options));
}

/**
 * Checks the primary contact information against the API's rules and returns every problem found.
 */
export function validateContactInformation(information: ContactInformation, options: ValidationOptions = {}): ValidationProblem[] {
  const notAnObject = contactObjectProblem(
    information,
    options,
    'the primary contact (fullName, addressLine1, city, postalCode, countryCode, phoneNumber)',
  );
  if (notAnObject.length > 0 || options.isUnresolved?.(information)) {
    return notAnObject;
  }
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
    return [
      {
        field,
        message: `${field} is empty: it must be a 12-digit account id; leave ${field} out for the stack's own account (Account Management API, ${ACCOUNT_ID_RULE.apiShape}.${ACCOUNT_ID_RULE.apiMember})`,
      },
    ];
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
  return [
    {
      field,
      message: `${field} '${String(type)}' is not one of ${ALTERNATE_CONTACT_TYPES.join(', ')} (Account Management API, AlternateContactType)`,
    },
  ];
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
