/**
 * What the code declares, read from a synthesized CDK cloud assembly or template, a cdktf `cdk.tf.json`, or a
 * plain JSON/YAML file:
 *
 * ```yaml
 * organization:              # optional: defaults for every ACTIVE account of the organization
 *   security: { name: ..., title: ..., emailAddress: ..., phoneNumber: ... }
 *   billing: { ... }          # optional, as operations and contactInformation
 *   excludeAccountIds: ["999988887777"]
 * accounts:                   # optional: per account, over the defaults ("self" is the caller's account)
 *   - accountId: "222233334444"
 *     security: { ... }
 *     contactInformation: { fullName: ..., addressLine1: ..., city: ..., postalCode: ..., countryCode: ..., phoneNumber: ... }
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { AssemblyOrganizationDeclaration, readAssemblyOrganizationDeclaration } from './organization-declarations';
import { AlternateContact, AlternateContactType } from '../../contacts/alternate-contact';
import { contactInformationFromApiMembers } from '../../contacts/api-members';
import { ContactInformation } from '../../contacts/contact-information';
import { ResolvedAccountContacts } from '../../contacts/organization-declaration';
import { CONTACT_INFORMATION_RULES, ValidationProblem, validateAccountId, validateAlternateContact, validateContactInformation } from '../../contacts/validation';
import { ORGANIZATION_CONTACTS_RESOURCE_TYPE } from '../../protocol/organization-resource';
import { ALTERNATE_CONTACT_RESOURCE_TYPE, CONTACT_INFORMATION_RESOURCE_TYPE } from '../../protocol/resource-properties';
import { TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE, TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE } from '../../protocol/terraform-resources';
import { ContactRead } from '../audit/checks';

/** The contacts declared for one account, or as defaults. */
export interface DeclaredAccountContacts {
  alternateContacts: Partial<Record<AlternateContactType, AlternateContact>>;
  contactInformation?: ContactInformation;
}

export interface ExpectedContacts {
  /** Where it was read from, and as what. */
  readonly source: string;
  /** Defaults for every ACTIVE account of the organization, when declared. */
  readonly organizationDefaults?: DeclaredAccountContacts;
  readonly excludeAccountIds: string[];
  /** Per account id, or `self` for the caller's own account. */
  readonly accounts: Map<string, DeclaredAccountContacts>;
  /** Declarations that could not be read (values known only at deploy time). */
  readonly skipped: string[];
  /** `OrganizationContacts` declarations of a cloud assembly: resolved against the organization before comparing. */
  readonly organizationDeclarations?: AssemblyOrganizationDeclaration[];
  /** What the organization declarations resolve to, per account id (set once the organization was listed). */
  readonly organizationAccounts?: Map<string, ResolvedAccountContacts>;
}

const TYPES = [AlternateContactType.SECURITY, AlternateContactType.BILLING, AlternateContactType.OPERATIONS];
export const SELF = 'self';

function entry(accounts: Map<string, DeclaredAccountContacts>, accountId: string): DeclaredAccountContacts {
  let declared = accounts.get(accountId);
  if (!declared) {
    declared = { alternateContacts: {} };
    accounts.set(accountId, declared);
  }
  return declared;
}

const isLiteral = (value: unknown): value is string => typeof value === 'string' && !value.includes('${');

/**
 * Reads a declaration: a file, a CDK cloud assembly folder (nested assemblies of Stages included) or a cdktf / cdktn
 * output folder. An input in which no contact is declared is an error with the reason, never an empty declaration
 * (which would compare nothing and report no drift).
 */
export function loadExpectedContacts(file: string): ExpectedContacts {
  const expected = readExpectedContacts(file);
  if (expected.accounts.size === 0 && !expected.organizationDefaults && !expected.organizationDeclarations?.length) {
    const skipped = expected.skipped.length > 0 ? `; left out: ${expected.skipped.join('; ')}` : '';
    throw new Error(`${expected.source} declares no contact that can be compared (no SecurityContacts, AccountContactDetails, OrganizationContacts or organization defaults with values known at synth)${skipped}`);
  }
  return expected;
}

/**
 * Reads a declaration file (the YAML/JSON form), and only that: what a CDK app or a Terraform configuration declares
 * is applied by deploying it, not by the command.
 */
export function loadDeclarationFile(file: string): ExpectedContacts {
  const text = fs.statSync(file).isDirectory() ? undefined : fs.readFileSync(file, 'utf8');
  const document = text === undefined ? undefined : /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  if (!document?.accounts && !document?.organization) {
    throw new Error(`${file}: not a declaration file (YAML or JSON with an organization or accounts key); contacts that a CDK app or a Terraform configuration declares are applied by deploying it`);
  }
  return loadExpectedContacts(file);
}

function readExpectedContacts(file: string): ExpectedContacts {
  if (fs.statSync(file).isDirectory()) {
    // cdktf and cdktn write a manifest.json too, without the cloud assembly's `artifacts`.
    const manifest = path.join(file, 'manifest.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts) {
      return fromCloudAssembly(file);
    }
    return fromTerraformOutput(file);
  }
  const text = fs.readFileSync(file, 'utf8');
  const document = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  if (document?.Resources) {
    return fromTemplates([[file, document]], `CloudFormation template ${file}`);
  }
  if (document?.resource || document?.locals || document?.terraform) {
    return fromTerraform(document, `cdktf configuration ${file}`);
  }
  if (document?.accounts || document?.organization) {
    return fromPlainDocument(document, `declaration file ${file}`);
  }
  throw new Error(`${file}: not a CloudFormation template, a cdk.tf.json or a declaration file (expected a Resources, resource or accounts key)`);
}

function fromCloudAssembly(directory: string): ExpectedContacts {
  const templates = assemblyTemplates(directory);
  return fromTemplates(templates, `cloud assembly ${directory} (${templates.length} stacks)`);
}

/** The stack templates of a cloud assembly and of the nested assemblies of its Stages, at any depth. */
function assemblyTemplates(directory: string): Array<[string, any]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.artifacts ?? {}).flatMap((artifact): Array<[string, any]> => {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = path.join(directory, artifact.properties.templateFile);
      return [[templateFile, JSON.parse(fs.readFileSync(templateFile, 'utf8'))]];
    }
    if (artifact.type === 'cdk:cloud-assembly') {
      return assemblyTemplates(path.join(directory, artifact.properties.directoryName));
    }
    return [];
  });
}

/** A cdktf or cdktn output folder (`cdktf.out`): every `stacks/<name>/cdk.tf.json`. */
function fromTerraformOutput(directory: string): ExpectedContacts {
  const stacksDirectory = path.join(directory, 'stacks');
  const files = fs.existsSync(stacksDirectory)
    ? fs.readdirSync(stacksDirectory).map((name) => path.join(stacksDirectory, name, 'cdk.tf.json')).filter((file) => fs.existsSync(file))
    : [];
  if (files.length === 0) {
    throw new Error(`${directory}: not a CDK cloud assembly (no manifest.json) nor a cdktf or cdktn output folder (no stacks/*/cdk.tf.json)`);
  }
  const parts = files.map((file) => fromTerraform(JSON.parse(fs.readFileSync(file, 'utf8')), file));
  const accounts = new Map<string, DeclaredAccountContacts>();
  for (const part of parts) {
    part.accounts.forEach((declared, accountId) => accounts.set(accountId, declared));
  }
  const withDefaults = parts.filter((part) => part.organizationDefaults);
  return {
    source: `cdktf/cdktn output ${directory} (${files.length} stacks)`,
    accounts,
    organizationDefaults: withDefaults[0]?.organizationDefaults,
    excludeAccountIds: withDefaults[0]?.excludeAccountIds ?? [],
    skipped: [
      ...parts.flatMap((part) => part.skipped),
      ...withDefaults.slice(1).map((part) => `${part.source}: a second OrganizationContacts (the first stack's defaults are compared)`),
    ],
  };
}

function fromTemplates(templates: Array<[string, any]>, source: string): ExpectedContacts {
  const accounts = new Map<string, DeclaredAccountContacts>();
  const skipped: string[] = [];
  const organizationDeclarations: AssemblyOrganizationDeclaration[] = [];
  for (const [file, template] of templates) {
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      const properties = resource.Properties ?? {};
      if (resource.Type === ORGANIZATION_CONTACTS_RESOURCE_TYPE) {
        organizationDeclarations.push(readAssemblyOrganizationDeclaration(file, logicalId, properties));
        continue;
      }
      if (resource.Type !== ALTERNATE_CONTACT_RESOURCE_TYPE && resource.Type !== CONTACT_INFORMATION_RESOURCE_TYPE) {
        continue;
      }
      const accountId = properties.AccountId ?? SELF;
      if (!isLiteral(accountId)) {
        skipped.push(`${path.basename(file)} ${logicalId}: the account id is known only at deploy time`);
        continue;
      }
      if (resource.Type === ALTERNATE_CONTACT_RESOURCE_TYPE) {
        const values = [properties.Name, properties.Title, properties.EmailAddress, properties.PhoneNumber];
        if (!values.every(isLiteral)) {
          skipped.push(`${path.basename(file)} ${logicalId}: values known only at deploy time`);
          continue;
        }
        entry(accounts, accountId).alternateContacts[properties.AlternateContactType as AlternateContactType] = {
          name: properties.Name, title: properties.Title, emailAddress: properties.EmailAddress, phoneNumber: properties.PhoneNumber,
        };
      } else {
        entry(accounts, accountId).contactInformation = contactInformationFromApiMembers(properties.ContactInformation ?? {});
      }
    }
  }
  return { source, accounts, excludeAccountIds: [], skipped, ...(organizationDeclarations.length > 0 ? { organizationDeclarations } : {}) };
}

const snakeToCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

function fromTerraform(document: any, source: string): ExpectedContacts {
  const accounts = new Map<string, DeclaredAccountContacts>();
  const skipped: string[] = [];
  let organizationDefaults: DeclaredAccountContacts | undefined;
  let excludeAccountIds: string[] = [];
  for (const [name, block] of Object.entries<any>(document.resource?.[TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE] ?? {})) {
    if (block.for_each !== undefined) {
      continue; // tf.OrganizationContacts: read from its locals below.
    }
    const accountId = block.account_id ?? SELF;
    const values = [accountId, block.name, block.title, block.email_address, block.phone_number];
    if (!values.every(isLiteral)) {
      skipped.push(`${TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE}.${name}: values known only at apply time`);
      continue;
    }
    entry(accounts, accountId).alternateContacts[block.alternate_contact_type as AlternateContactType] = {
      name: block.name, title: block.title, emailAddress: block.email_address, phoneNumber: block.phone_number,
    };
  }
  for (const [name, block] of Object.entries<any>(document.resource?.[TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE] ?? {})) {
    if (block.for_each !== undefined) {
      continue;
    }
    const accountId = block.account_id ?? SELF;
    if (!isLiteral(accountId)) {
      skipped.push(`${TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE}.${name}: the account id is known only at apply time`);
      continue;
    }
    const information: Record<string, string> = {};
    for (const [argument, value] of Object.entries<any>(block)) {
      const field = snakeToCamel(argument.replace(/_([0-9])$/, '$1'));
      if (CONTACT_INFORMATION_RULES.some((rule) => rule.field === field) && isLiteral(value)) {
        information[field] = value;
      }
    }
    entry(accounts, accountId).contactInformation = information as unknown as ContactInformation;
  }
  // tf.OrganizationContacts writes its defaults, overrides and exclusions as locals named <construct>_<kind>_default_<hash>.
  for (const [name, value] of Object.entries<any>(document.locals ?? {})) {
    const match = /_(security|billing|operations|primary)_(default|overrides)_[0-9A-F]{8}$/.exec(name);
    if (/_excluded_account_ids_[0-9A-F]{8}$/.test(name) && Array.isArray(value)) {
      excludeAccountIds = value;
    }
    if (!match) {
      continue;
    }
    const [, kind, what] = match;
    const apply = (declared: DeclaredAccountContacts, contact: any) => {
      if (kind === 'primary') {
        const present = Object.entries(contact).filter(([, field]) => field !== null);
        declared.contactInformation = Object.fromEntries(present) as unknown as ContactInformation;
      } else {
        declared.alternateContacts[kind.toUpperCase() as AlternateContactType] = contact;
      }
    };
    if (what === 'default') {
      organizationDefaults = organizationDefaults ?? { alternateContacts: {} };
      apply(organizationDefaults, value);
    } else {
      for (const [accountId, contact] of Object.entries<any>(value)) {
        apply(entry(accounts, accountId), contact);
      }
    }
  }
  return { source, accounts, organizationDefaults, excludeAccountIds, skipped };
}

function declaredFrom(value: any): DeclaredAccountContacts {
  const declared: DeclaredAccountContacts = { alternateContacts: {} };
  for (const type of TYPES) {
    const contact = value?.[type.toLowerCase()];
    if (contact) {
      declared.alternateContacts[type] = contact;
    }
  }
  if (value?.contactInformation) {
    declared.contactInformation = value.contactInformation;
  }
  return declared;
}

function fromPlainDocument(document: any, source: string): ExpectedContacts {
  const problems: ValidationProblem[] = [];
  const check = (declared: DeclaredAccountContacts, prefix: string) => {
    for (const [type, contact] of Object.entries(declared.alternateContacts)) {
      problems.push(...validateAlternateContact(contact!, { fieldPrefix: `${prefix}${type.toLowerCase()}.` }));
    }
    if (declared.contactInformation) {
      problems.push(...validateContactInformation(declared.contactInformation, { fieldPrefix: `${prefix}contactInformation.` }));
    }
  };
  const organizationDefaults = document.organization ? declaredFrom(document.organization) : undefined;
  if (organizationDefaults) {
    check(organizationDefaults, 'organization.');
  }
  const accounts = new Map<string, DeclaredAccountContacts>();
  (document.accounts ?? []).forEach((account: any, index: number) => {
    const accountId = String(account.accountId ?? '');
    if (accountId !== SELF) {
      problems.push(...validateAccountId(accountId, { fieldPrefix: `accounts[${index}].` }));
    }
    const declared = declaredFrom(account);
    check(declared, `accounts[${index}].`);
    accounts.set(accountId, declared);
  });
  if (problems.length > 0) {
    throw new Error(`${source}: ${problems.map((problem) => problem.message).join('; ')}`);
  }
  return { source, organizationDefaults, excludeAccountIds: (document.organization?.excludeAccountIds ?? []).map(String), accounts, skipped: [] };
}

/**
 * The contacts expected for one account: the organization defaults, then its own declarations (most specific
 * wins). An excluded account has none, even with its own declarations, as tf.OrganizationContacts does.
 */
export function expectedFor(expected: ExpectedContacts, accountId: string, own: boolean): DeclaredAccountContacts | undefined {
  if (expected.excludeAccountIds.includes(accountId)) {
    return undefined;
  }
  const specific = [expected.accounts.get(accountId), own ? expected.accounts.get(SELF) : undefined];
  const layers = [expected.organizationDefaults, expected.organizationAccounts?.get(accountId), ...specific]
    .filter((declared): declared is DeclaredAccountContacts | ResolvedAccountContacts => declared !== undefined);
  if (layers.length === 0) {
    return undefined;
  }
  return {
    alternateContacts: Object.assign({}, ...layers.map((layer) => layer.alternateContacts)),
    contactInformation: [...layers].reverse().find((layer) => layer.contactInformation)?.contactInformation,
  };
}

/** What the declaration needs read from each account: only the contact kinds it declares somewhere. */
export function declaredReads(expected: ExpectedContacts): ContactRead[] {
  const layers: Array<DeclaredAccountContacts | ResolvedAccountContacts> = [
    ...(expected.organizationDefaults ? [expected.organizationDefaults] : []),
    ...expected.accounts.values(),
    ...(expected.organizationAccounts?.values() ?? []),
  ];
  const reads = new Set<ContactRead>();
  for (const layer of layers) {
    Object.keys(layer.alternateContacts).forEach((type) => reads.add(type as ContactRead));
    if (layer.contactInformation) {
      reads.add(ContactRead.CONTACT_INFORMATION);
    }
  }
  return Object.values(ContactRead).filter((read) => reads.has(read));
}
