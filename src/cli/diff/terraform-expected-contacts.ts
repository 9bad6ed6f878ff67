/**
 * What a cdktf or cdktn synthesis declares, for `diff` and `apply`: the constructs' resources with literal values,
 * and a Terraform `OrganizationContacts` read back from the locals it writes (defaults, overrides, scope and
 * exclusions). One with a scope or unit overrides becomes an organization declaration, resolved against the
 * organization with the model's rules, as Terraform resolves it at plan time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DeclaredAccountContacts, ExpectedContacts, SELF, declaredSet, entry, isLiteral } from './expected-contacts-model';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { ContactInformation } from '../../contacts/contact-information';
import { OrganizationDeclaration } from '../../contacts/organization-declaration';
import { CONTACT_INFORMATION_RULES } from '../../contacts/validation';
import { TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE, TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE } from '../../protocol/terraform-resources';

/** A cdktf or cdktn output folder (`cdktf.out`): every `stacks/<name>/cdk.tf.json`. */
export function fromTerraformOutput(directory: string): ExpectedContacts {
  const stacksDirectory = path.join(directory, 'stacks');
  const files = fs.existsSync(stacksDirectory)
    ? fs
        .readdirSync(stacksDirectory)
        .map((name) => path.join(stacksDirectory, name, 'cdk.tf.json'))
        .filter((file) => fs.existsSync(file))
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
  const organizationDeclarations = parts.flatMap((part) => part.organizationDeclarations ?? []);
  return {
    source: `cdktf/cdktn output ${directory} (${files.length} stacks)`,
    accounts,
    organizationDefaults: withDefaults[0]?.organizationDefaults,
    excludeAccountIds: withDefaults[0]?.excludeAccountIds ?? [],
    ...(withDefaults[0]?.excludeOrganizationalUnitIds ? { excludeOrganizationalUnitIds: withDefaults[0].excludeOrganizationalUnitIds } : {}),
    ...(organizationDeclarations.length > 0 ? { organizationDeclarations } : {}),
    skipped: [
      ...parts.flatMap((part) => part.skipped),
      ...withDefaults.slice(1).map((part) => `${part.source}: a second OrganizationContacts (the first stack's defaults are compared)`),
    ],
  };
}

const snakeToCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

export function fromTerraform(document: any, source: string): ExpectedContacts {
  const accounts = new Map<string, DeclaredAccountContacts>();
  const skipped: string[] = [];
  let organizationDefaults: DeclaredAccountContacts | undefined;
  let excludeAccountIds: string[] = [];
  let excludeOrganizationalUnitIds: string[] = [];
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
      name: block.name,
      title: block.title,
      emailAddress: block.email_address,
      phoneNumber: block.phone_number,
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
  // tf.OrganizationContacts writes its defaults, overrides, scope and exclusions as locals named <construct>_<what>_<hash>.
  const organizationOverrides = new Map<string, DeclaredAccountContacts>();
  const unitOverrides = new Map<string, DeclaredAccountContacts>();
  const scope: { accountIds?: string[]; organizationalUnitIds?: string[] } = {};
  for (const [name, value] of Object.entries<any>(document.locals ?? {})) {
    const match = /_(security|billing|operations|primary)_(default|overrides|unit_overrides)_[0-9A-F]{8}$/.exec(name);
    const list = (what: string) => new RegExp(`_${what}_[0-9A-F]{8}$`).test(name) && Array.isArray(value);
    if (list('excluded_account_ids')) {
      excludeAccountIds = value;
    }
    if (list('excluded_organizational_unit_ids')) {
      excludeOrganizationalUnitIds = value;
    }
    if (list('selected_account_ids')) {
      scope.accountIds = value;
    }
    if (list('selected_organizational_unit_ids')) {
      scope.organizationalUnitIds = value;
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
      for (const [id, contact] of Object.entries<any>(value)) {
        apply(entry(what === 'overrides' ? organizationOverrides : unitOverrides, id), contact);
      }
    }
  }
  if (scope.accountIds !== undefined || scope.organizationalUnitIds !== undefined || unitOverrides.size > 0) {
    // A scope or unit overrides: resolved against the organization as Terraform does at plan time, through the
    // model's rules (the same path as an AWS CDK OrganizationContacts).
    const declaration: OrganizationDeclaration = {
      version: 1,
      constructPath: source,
      defaults: declaredSet(organizationDefaults ?? { alternateContacts: {} }),
      ...scope,
      excludeAccountIds,
      ...(excludeOrganizationalUnitIds.length > 0 ? { excludeOrganizationalUnitIds } : {}),
      organizationalUnitOverrides: [...unitOverrides].map(([organizationalUnitId, declared]) => ({ organizationalUnitId, ...declaredSet(declared) })),
      accountOverrides: [...organizationOverrides].map(([accountId, declared]) => ({ accountId, ...declaredSet(declared) })),
    };
    return {
      source,
      accounts,
      excludeAccountIds: [],
      skipped,
      organizationDeclarations: [{ source: `${source} (OrganizationContacts)`, declaration }],
    };
  }
  organizationOverrides.forEach((declared, accountId) => {
    const into = entry(accounts, accountId);
    Object.assign(into.alternateContacts, declared.alternateContacts);
    if (declared.contactInformation) {
      into.contactInformation = declared.contactInformation;
    }
  });
  return {
    source,
    accounts,
    organizationDefaults,
    excludeAccountIds,
    ...(excludeOrganizationalUnitIds.length > 0 ? { excludeOrganizationalUnitIds } : {}),
    skipped,
  };
}
