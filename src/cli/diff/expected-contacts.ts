/**
 * What the code declares, read from a synthesized CDK cloud assembly or template, a cdktf `cdk.tf.json`, or a
 * plain JSON/YAML file:
 *
 * ```yaml
 * organization:              # optional: defaults for every ACTIVE account of the organization
 *   security: { name: ..., title: ..., emailAddress: ..., phoneNumber: ... }
 *   billing: { ... }          # optional, as operations and contactInformation
 *   excludeAccountIds: ["999988887777"]   # and the scope: see declaration-file.ts for every key
 * accounts:                   # optional: per account, over the defaults ("self" is the caller's account)
 *   - accountId: "222233334444"
 *     security: { ... }
 *     contactInformation: { fullName: ..., addressLine1: ..., city: ..., postalCode: ..., countryCode: ..., phoneNumber: ... }
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { readBounded } from './bounded-file';
import { fromDeclarationFile } from './declaration-file-contacts';
import { DeclarationError, DeclaredAccountContacts, ExpectedContacts, ParameterContactRead, SELF, entry, isLiteral } from './expected-contacts-model';
import { AssemblyOrganizationDeclaration, readAssemblyOrganizationDeclaration } from './organization-declarations';
import { fromTerraform, fromTerraformOutput } from './terraform-expected-contacts';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { contactInformationFromApiMembers } from '../../contacts/api-members';
import { ParameterContactProperty } from '../../contacts/contact-parameters';
import { DECLARATION_FILE_MAX_BYTES, selfDeclaredTwice } from '../../contacts/declaration-file';
import { ResolvedAccountContacts } from '../../contacts/organization-declaration';
import { isOwnAccount } from '../../contacts/own-account';
import { maskPersonalDataInText } from '../../contacts/personal-data';
import { printableText, isAccountId } from '../../contacts/validation';
import { ORGANIZATION_CONTACTS_RESOURCE_TYPE } from '../../protocol/organization-resource';
import { ALTERNATE_CONTACT_RESOURCE_TYPE, CONTACT_INFORMATION_RESOURCE_TYPE } from '../../protocol/resource-properties';
import { ContactRead } from '../audit/checks';

// The model lives in its own module (the Terraform reader uses it too); importers keep importing it from here.
export type { DeclaredAccountContacts, ExpectedContacts, ParameterContactRead } from './expected-contacts-model';
export { DeclarationError, SELF, entry, isLiteral };

/**
 * Reads a declaration: a file, a CDK cloud assembly folder (nested assemblies of Stages included) or a cdktf / cdktn
 * output folder. An input in which no contact is declared is an error with the reason, never an empty declaration
 * (which would compare nothing and report no drift).
 */
export function loadExpectedContacts(file: string): ExpectedContacts {
  const expected = readExpectedContacts(file);
  if (expected.accounts.size === 0 && !expected.organizationDefaults && !expected.organizationDeclarations?.length) {
    const skipped = expected.skipped.length > 0 ? `; left out: ${expected.skipped.join('; ')}` : '';
    throw new Error(
      `${expected.source} declares no contact that can be compared (no SecurityContacts, AccountContactDetails, OrganizationContacts or organization defaults with values known at synth)${skipped}`,
    );
  }
  return expected;
}

/**
 * Reads a declaration file (the YAML/JSON form), and only that: what a CDK app or a Terraform configuration declares
 * is applied by deploying it, not by the command.
 */
export function loadDeclarationFile(file: string): ExpectedContacts {
  if (fs.statSync(file).isDirectory()) {
    throw new Error(
      `${file}: a folder, not a declaration file (YAML or JSON with an organization or accounts key); contacts that a CDK app or a Terraform configuration declares are applied by deploying it`,
    );
  }
  const document = parseDocument(file, readBounded(file, DECLARATION_FILE_MAX_BYTES, 'a declaration file'));
  if (!isPlainDeclaration(document)) {
    throw new Error(
      `${file}: not a declaration file (YAML or JSON with an organization or accounts key); contacts that a CDK app or a Terraform configuration declares are applied by deploying it`,
    );
  }
  return loadExpectedContacts(file);
}

/** The largest template or cdk.tf.json read (a declaration file is held to DECLARATION_FILE_MAX_BYTES). */
const INPUT_FILE_MAX_BYTES = 64 * 1_048_576;

/**
 * YAML or JSON. A key given twice in one mapping is refused in both, not silently the last one; a UTF-8 byte-order
 * mark (which editors on Windows write) is dropped; a parse error never shows personal data or terminal escapes.
 */
function parseDocument(file: string, text: string): any {
  const yaml = /\.ya?ml$/i.test(file);
  const withoutMark = text.replace(/^\uFEFF/, '');
  try {
    if (yaml) {
      return parseYaml(withoutMark, { uniqueKeys: true, maxAliasCount: 100 });
    }
    const document = JSON.parse(withoutMark);
    // JSON.parse keeps the last of two equal keys: the same text read as YAML (JSON is YAML) finds them. Only that
    // finding counts: the JSON is valid.
    try {
      parseYaml(withoutMark, { uniqueKeys: true, maxAliasCount: 100 });
    } catch (error) {
      if ((error as { code?: string }).code === 'DUPLICATE_KEY') {
        throw error;
      }
    }
    return document;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new Error(`${file}: not valid ${yaml ? 'YAML' : 'JSON'}: ${printableText(maskPersonalDataInText(message))}`);
  }
}

/** A plain declaration file: a mapping with one of its top-level keys, and nothing of a template's. */
function isPlainDeclaration(document: any): boolean {
  return (
    typeof document === 'object' &&
    document !== null &&
    !Array.isArray(document) &&
    (document.accounts !== undefined || document.organization !== undefined) &&
    document.Resources === undefined &&
    document.resource === undefined
  );
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
  const text = readBounded(file, INPUT_FILE_MAX_BYTES, "the command's input files");
  const document = parseDocument(file, text);
  if (isPlainDeclaration(document)) {
    if (Buffer.byteLength(text) > DECLARATION_FILE_MAX_BYTES) {
      throw new Error(`${file} holds more than ${DECLARATION_FILE_MAX_BYTES} bytes, the limit of a declaration file`);
    }
    return fromDeclarationFile(document, `declaration file ${file}`);
  }
  if (document?.Resources) {
    return fromTemplates([[file, document]], `CloudFormation template ${file}`);
  }
  if (document?.resource || document?.locals || document?.terraform) {
    return fromTerraform(document, `cdktf configuration ${file}`);
  }
  throw new Error(`${file}: not a CloudFormation template, a cdk.tf.json or a declaration file (expected a Resources, resource or accounts key)`);
}

function fromCloudAssembly(directory: string): ExpectedContacts {
  const templates = assemblyTemplates(directory);
  return fromTemplates(templates, `cloud assembly ${directory} (${templates.length} stacks)`);
}

/** The account of a stack's environment (`aws://111122223333/us-east-1`), when the stack is not environment-agnostic. */
function environmentAccount(environment: unknown): string | undefined {
  const account = /^aws:\/\/([^/]*)\//.exec(String(environment ?? ''))?.[1];
  return isAccountId(account) ? account : undefined;
}

/** The stack templates of a cloud assembly and of the nested assemblies of its Stages, at any depth, with their account. */
function assemblyTemplates(directory: string): Array<[string, any, string?]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.artifacts ?? {}).flatMap((artifact): Array<[string, any, string?]> => {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = path.join(directory, artifact.properties.templateFile);
      return [[templateFile, JSON.parse(fs.readFileSync(templateFile, 'utf8')), environmentAccount(artifact.environment)]];
    }
    if (artifact.type === 'cdk:cloud-assembly') {
      return assemblyTemplates(path.join(directory, artifact.properties.directoryName));
    }
    return [];
  });
}

function fromTemplates(templates: Array<[string, any, string?]>, source: string): ExpectedContacts {
  const accounts = new Map<string, DeclaredAccountContacts>();
  const skipped: string[] = [];
  const organizationDeclarations: AssemblyOrganizationDeclaration[] = [];
  const pinnedAccounts: Array<{ accountId: string; stack: string }> = [];
  const parameterContacts: ParameterContactRead[] = [];
  for (const [file, template, stackAccount] of templates) {
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
      if (accountId === SELF && stackAccount !== undefined && !pinnedAccounts.some((pinned) => pinned.stack === file)) {
        pinnedAccounts.push({ accountId: stackAccount, stack: file });
      }
      if (properties.ParameterName !== undefined) {
        // The contact is in an SSM parameter: read before comparing, never compared as empty.
        if (!isLiteral(properties.ParameterName)) {
          skipped.push(`${path.basename(file)} ${logicalId}: the SSM parameter's name is known only at deploy time`);
          continue;
        }
        entry(accounts, accountId);
        parameterContacts.push({
          accountId,
          property:
            resource.Type === ALTERNATE_CONTACT_RESOURCE_TYPE
              ? (String(properties.AlternateContactType).toLowerCase() as ParameterContactProperty)
              : 'contactInformation',
          parameterName: properties.ParameterName,
          source: `${path.basename(file)} ${logicalId}`,
        });
        continue;
      }
      if (resource.Type === ALTERNATE_CONTACT_RESOURCE_TYPE) {
        const values = [properties.Name, properties.Title, properties.EmailAddress, properties.PhoneNumber];
        if (!values.every(isLiteral)) {
          skipped.push(`${path.basename(file)} ${logicalId}: values known only at deploy time`);
          continue;
        }
        entry(accounts, accountId).alternateContacts[properties.AlternateContactType as AlternateContactType] = {
          name: properties.Name,
          title: properties.Title,
          emailAddress: properties.EmailAddress,
          phoneNumber: properties.PhoneNumber,
        };
      } else {
        entry(accounts, accountId).contactInformation = contactInformationFromApiMembers(properties.ContactInformation ?? {});
      }
    }
  }
  return {
    source,
    accounts,
    excludeAccountIds: [],
    skipped,
    ...(organizationDeclarations.length > 0 ? { organizationDeclarations } : {}),
    ...(pinnedAccounts.length > 0 ? { pinnedAccounts } : {}),
    ...(parameterContacts.length > 0 ? { parameterContacts } : {}),
  };
}

/**
 * Refuses a declaration whose `self` entry and an entry with the caller's own id declare the same account (which one
 * wins would be a guess). Called once the caller is known, before anything is read.
 */
export function checkDeclaredForCaller(expected: ExpectedContacts, callerAccountId: string): void {
  const problem = selfDeclaredTwice([...expected.accounts.keys()], callerAccountId);
  if (problem) {
    throw new DeclarationError(`${expected.source}: ${problem.message}`);
  }
  // A stack pinned to an account declares that account's own contacts: compared with another account's, it would
  // report the other account's drift (or none) under the stack's name.
  const elsewhere = (expected.pinnedAccounts ?? []).filter((pinned) => !isOwnAccount(pinned.accountId, callerAccountId));
  if (elsewhere.length > 0) {
    const stacks = elsewhere.map((pinned) => `${path.basename(pinned.stack)} (account ${pinned.accountId})`).join(', ');
    throw new DeclarationError(
      `${expected.source}: the credentials are of account ${callerAccountId}, but ${stacks} declare${elsewhere.length === 1 ? 's' : ''} the contacts of its own account: ` +
        'run the command with credentials of that account (--profile), or synthesize the stack for this one',
    );
  }
}

/**
 * The contacts expected for one account: the organization defaults, then its own declarations (most specific
 * wins). An excluded account has none, even with its own declarations, as tf.OrganizationContacts does.
 */
export function expectedFor(expected: ExpectedContacts, accountId: string, own: boolean): DeclaredAccountContacts | undefined {
  if (expected.excludeAccountIds.includes(accountId) || expected.excludedUnitAccountIds?.has(accountId)) {
    return undefined;
  }
  const specific = [expected.accounts.get(accountId), own ? expected.accounts.get(SELF) : undefined];
  const layers = [expected.organizationDefaults, expected.organizationAccounts?.get(accountId), ...specific].filter(
    (declared): declared is DeclaredAccountContacts | ResolvedAccountContacts => declared !== undefined,
  );
  if (layers.length === 0) {
    return undefined;
  }
  // A primary email is one account's: only its own entry (or `self`) declares it.
  const primaryEmail = specific.find((declared) => declared?.primaryEmail !== undefined)?.primaryEmail;
  return {
    alternateContacts: Object.assign({}, ...layers.map((layer) => layer.alternateContacts)),
    contactInformation: [...layers].reverse().find((layer) => layer.contactInformation)?.contactInformation,
    ...(primaryEmail !== undefined ? { primaryEmail } : {}),
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
    if ('primaryEmail' in layer && layer.primaryEmail !== undefined) {
      reads.add(ContactRead.PRIMARY_EMAIL);
    }
  }
  return Object.values(ContactRead).filter((read) => reads.has(read));
}
