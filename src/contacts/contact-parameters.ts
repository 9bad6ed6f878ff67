/**
 * Contact values held in SSM Parameter Store instead of the template or the declaration asset: one parameter per
 * contact, whose value is the contact as a JSON object with this library's field names (`{"name": …, "title": …,
 * "emailAddress": …, "phoneNumber": …}` for an alternate contact; `fullName`, `addressLine1`, … for the primary
 * contact). The functions read the parameter when they apply the contact, and check the value with the same rules
 * and messages as a value written in the code.
 *
 * Shared by the constructs (names at synth), the declaration and both functions (values at run time). Pure: no AWS
 * or CDK imports.
 */
import { AlternateContact } from './alternate-contact';
import { ContactInformation } from './contact-information';
import { ValidationOptions, ValidationProblem, validateAlternateContact, validateContactInformation } from './validation';

/** The contacts whose values a parameter may hold: the three alternate contacts and the primary contact. */
export type ParameterContactProperty = 'security' | 'billing' | 'operations' | 'contactInformation';

/** The names of the parameters that hold contacts, by contact. */
export type ContactParameterNames = Partial<Record<ParameterContactProperty, string>>;

/** The order in which parameters are read and reported. */
export const PARAMETER_CONTACT_PROPERTIES: readonly ParameterContactProperty[] = ['security', 'billing', 'operations', 'contactInformation'];

/**
 * SSM Parameter Store's rules for a parameter name (PutParameter `Name`): 1 to 1,011 characters you can use (the
 * API's 2,048 include 1,037 reserved), letters, digits and `_ . - /`, no `aws`/`ssm` prefix, a hierarchy starts
 * with `/` and has at most 15 levels.
 */
export const PARAMETER_NAME_RULES = {
  maxLength: 1011,
  pattern: '^[a-zA-Z0-9_.\\-/]+$',
  maxLevels: 15,
  source: 'SSM Parameter Store, PutParameter Name',
} as const;

/** Every problem with a parameter name, at `field`. Unresolved names (tokens) are checked by SSM when they are read. */
export function validateParameterName(name: unknown, field: string, options: Pick<ValidationOptions, 'isUnresolved'> = {}): ValidationProblem[] {
  if (options.isUnresolved?.(name)) {
    return [];
  }
  const problem = (message: string): ValidationProblem[] => [{ field, message: `${field} ${message} (${PARAMETER_NAME_RULES.source})` }];
  if (typeof name !== 'string') {
    return problem(`must be the name of an SSM parameter (a string), got ${name === null ? 'null' : typeof name}`);
  }
  if (name.length === 0) {
    return problem('is empty: it must name an SSM parameter');
  }
  // Names are not personal data; a long one is cut so that a message stays short.
  const shown = `'${name.length > 80 ? `${name.slice(0, 80)}...` : name}'`;
  if (name.length > PARAMETER_NAME_RULES.maxLength) {
    return problem(`${shown} is too long (${name.length} characters): a parameter name is at most ${PARAMETER_NAME_RULES.maxLength} characters`);
  }
  if (!new RegExp(PARAMETER_NAME_RULES.pattern).test(name)) {
    return problem(`${shown} does not match ${PARAMETER_NAME_RULES.pattern}: letters, digits and _ . - / only (give the name, not the ARN)`);
  }
  if (/^\/?(aws|ssm)/i.test(name)) {
    return problem(`${shown} begins with 'aws' or 'ssm', which Parameter Store reserves`);
  }
  if (name.includes('/') && !name.startsWith('/')) {
    return problem(`${shown} has levels but does not begin with '/': a hierarchical name is a path from the root`);
  }
  if (name.endsWith('/') || name.includes('//')) {
    return problem(`${shown} has an empty level`);
  }
  const levels = name.split('/').length - 1;
  if (levels > PARAMETER_NAME_RULES.maxLevels) {
    return problem(`${shown} has ${levels} levels: a hierarchy has at most ${PARAMETER_NAME_RULES.maxLevels}`);
  }
  return [];
}

/**
 * Where a contact is given twice (a value and a parameter) and where a parameter name breaks SSM's rules.
 * `fieldPrefix` is the property that holds the names (`contactParameters.`).
 */
export function validateContactParameterNames(
  names: ContactParameterNames | undefined,
  values: Partial<Record<ParameterContactProperty, unknown>>,
  options: { readonly fieldPrefix: string; readonly allowed?: readonly ParameterContactProperty[] } & Pick<ValidationOptions, 'isUnresolved'>,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (names === undefined) {
    return problems;
  }
  const allowed = options.allowed ?? PARAMETER_CONTACT_PROPERTIES;
  for (const property of PARAMETER_CONTACT_PROPERTIES) {
    const name = names[property];
    if (name === undefined) {
      continue;
    }
    const field = `${options.fieldPrefix}${property}`;
    if (!allowed.includes(property)) {
      problems.push({ field, message: `${field} is not a contact of this construct: it takes ${allowed.join(', ')}` });
      continue;
    }
    problems.push(...validateParameterName(name, field, options));
    if (values[property] !== undefined) {
      problems.push({ field, message: `${property} is given twice, as a value and as ${field}: give one of the two` });
    }
  }
  return problems;
}

/** A contact read from a parameter, or the reason it cannot be used. */
export type ParameterContactValue =
  | { readonly contact: AlternateContact | ContactInformation; readonly problems?: undefined }
  | { readonly contact?: undefined; readonly problems: ValidationProblem[] };

/**
 * Parses and checks a parameter's value as the contact `property` (`security`, …, `contactInformation`): JSON, an
 * object, the contact's rules. Messages name the field as a value in the code would be named (`security.emailAddress
 * …`), followed by the parameter; they never hold the value's personal data in full.
 */
export function parseContactParameter(property: ParameterContactProperty, parameterName: string, value: string): ParameterContactValue {
  const from = ` (value of SSM parameter ${parameterName})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // The parser's message quotes the text: it is left out, as the value holds personal data.
    return {
      problems: [{ field: property, message: `${property} is not JSON${from}: write the contact as a JSON object, e.g. ${example(property)}` }],
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`;
    return { problems: [{ field: property, message: `${property} must be a JSON object, got ${got}${from}: e.g. ${example(property)}` }] };
  }
  const fields = Object.keys(parsed);
  const known = property === 'contactInformation' ? CONTACT_INFORMATION_FIELDS : ALTERNATE_CONTACT_FIELDS;
  const unknown = fields.filter((field) => !known.includes(field));
  const problems: ValidationProblem[] = unknown.map((field) => ({
    field: `${property}.${field}`,
    message: `${property}.${field.slice(0, 40)} is not a field of ${property === 'contactInformation' ? 'the primary contact' : 'an alternate contact'}${from}: it takes ${known.join(', ')}`,
  }));
  const options = { fieldPrefix: `${property}.` };
  const ruleProblems =
    property === 'contactInformation'
      ? validateContactInformation(parsed as ContactInformation, options)
      : validateAlternateContact(parsed as AlternateContact, options);
  problems.push(...ruleProblems.map((problem) => ({ ...problem, message: `${problem.message}${from}` })));
  return problems.length > 0 ? { problems } : { contact: parsed as AlternateContact | ContactInformation };
}

const ALTERNATE_CONTACT_FIELDS = ['name', 'title', 'emailAddress', 'phoneNumber'];
const CONTACT_INFORMATION_FIELDS = [
  'fullName',
  'companyName',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'city',
  'districtOrCounty',
  'stateOrRegion',
  'postalCode',
  'countryCode',
  'phoneNumber',
  'websiteUrl',
];

function example(property: ParameterContactProperty): string {
  return property === 'contactInformation'
    ? '{"fullName": "…", "addressLine1": "…", "city": "…", "postalCode": "…", "countryCode": "US", "phoneNumber": "+1 …"}'
    : '{"name": "…", "title": "…", "emailAddress": "…", "phoneNumber": "+1 …"}';
}

/** Contacts read from parameters, by contact. */
export interface ParameterContacts {
  readonly security?: AlternateContact;
  readonly billing?: AlternateContact;
  readonly operations?: AlternateContact;
  readonly contactInformation?: ContactInformation;
}

/** A parameter's value as read, with the version it is when the reader knows it. */
export interface ParameterRead {
  readonly value: string;
  readonly version?: number;
}

/**
 * Reads one parameter's value (decrypted); rejects with the reason when it cannot. `name` may select a version
 * (`/contacts/security:3`), as SSM's GetParameter does.
 */
export type ParameterReader = (name: string) => Promise<string | ParameterRead>;

/**
 * Reads every named parameter (once per name) and returns the contacts, or every problem: parameters that cannot be
 * read and values that break the rules, all reported at once; and the version read of each, where the reader says.
 */
export async function readContactParameters(
  names: ContactParameterNames,
  read: ParameterReader,
): Promise<{ contacts: ParameterContacts; problems: ValidationProblem[]; versions: Record<string, number> }> {
  const contacts: Partial<Record<ParameterContactProperty, AlternateContact | ContactInformation>> = {};
  const problems: ValidationProblem[] = [];
  const versions: Record<string, number> = {};
  const values = new Map<string, Promise<string>>();
  for (const property of PARAMETER_CONTACT_PROPERTIES) {
    const name = names[property];
    if (name === undefined) {
      continue;
    }
    let value = values.get(name);
    if (!value) {
      value = read(name).then((answer) => {
        if (typeof answer === 'string') {
          return answer;
        }
        if (answer.version !== undefined) {
          versions[name] = answer.version;
        }
        return answer.value;
      });
      values.set(name, value);
    }
    try {
      const parsed = parseContactParameter(property, name, await value);
      if (parsed.problems) {
        problems.push(...parsed.problems);
      } else {
        contacts[property] = parsed.contact;
      }
    } catch (error) {
      problems.push({ field: property, message: `${property}: SSM parameter ${name} cannot be read: ${(error as Error)?.message ?? String(error)}` });
    }
  }
  return { contacts: contacts as ParameterContacts, problems, versions };
}
