import { Construct } from 'constructs';
import { ContactRemoval } from './contact-removal';
import { TerraformIterator, TerraformLocal, TerraformProvider, TerraformResource } from './framework';
import {
  alternateContactResource,
  callerIdentityData,
  descendantAccountsData,
  organizationData,
  primaryContactResource,
} from './private/aws-account-resources';
import { isUnresolved, registerProblems, warnAbout } from './private/construct-problems';
import { registerOrganizationOwner } from './private/contact-ownership';
import { AccountContactsOverride } from '../contacts/account-contacts-override';
import { adviseOnAlternateContacts } from '../contacts/advice';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { ContactType, PRIMARY_CONTACT_TYPE } from '../contacts/contact-type';
import { DeclaredAlternateContacts } from '../contacts/declared-contacts';
import { OrganizationDeclaration, validateOrganizationDeclaration } from '../contacts/organization-declaration';
import { ACCOUNT_OVERRIDES_SHAPE, DECLARED_CONTACTS_FIELDS, PROP_SHAPES, assertPropsShape, structShape } from '../contacts/props-shape';
import { CONTACT_INFORMATION_RULES } from '../contacts/validation';

/**
 * Properties of the CDK-for-Terraform {@link OrganizationContacts}.
 */
export interface OrganizationContactsProps {
  /**
   * The default SECURITY alternate contact of every account.
   */
  readonly security: AlternateContact;

  /**
   * The default BILLING alternate contact.
   *
   * @default - BILLING is managed only for accounts whose override declares it
   */
  readonly billing?: AlternateContact;

  /**
   * The default OPERATIONS alternate contact.
   *
   * @default - OPERATIONS is managed only for accounts whose override declares it
   */
  readonly operations?: AlternateContact;

  /**
   * The default primary contact information.
   *
   * @default - the primary contact is managed only for accounts whose override declares it
   */
  readonly contactInformation?: ContactInformation;

  /**
   * Accounts left alone.
   *
   * @default - none: every active account of the organization
   */
  readonly excludeAccountIds?: string[];

  /**
   * Accounts in these organizational units, and in the units nested in them, are left alone: read at plan time
   * with the `aws_organizations_organizational_unit_descendant_accounts` data source (one per unit).
   *
   * @default - no unit is excluded
   */
  readonly excludeOrganizationalUnitIds?: string[];

  /**
   * Contacts of single accounts that differ from the defaults.
   *
   * @default - none
   */
  readonly accountOverrides?: AccountContactsOverride[];

  /**
   * What happens to the alternate contacts of an account that leaves the scope (an exclusion, a closed account, an
   * account gone from the organization) and on `terraform destroy`.
   *
   * @default ContactRemoval.RETAIN
   */
  readonly removal?: ContactRemoval;

  /**
   * The AWS provider to use: its credentials must be those of the management account or of the delegated
   * administrator for AWS Account Management.
   *
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

type ContactKind = ContactType;

/** One kind of contact: its default value and how to read an account override's value. */
interface ContactKindSource {
  readonly kind: ContactKind;
  readonly defaultValue?: Record<string, unknown>;
  readonly overrideValue: (override: AccountContactsOverride) => Record<string, unknown> | undefined;
}

/**
 * The contacts of every active account of an AWS Organization, read at plan time with the
 * `aws_organizations_organization` data source, so that accounts created later are covered by the next
 * `terraform apply`.
 *
 * The configuration does not grow with the number of accounts: each contact type is one
 * `aws_account_alternate_contact` resource with `for_each` over the member accounts, plus one for the account
 * the provider runs as (management account or delegated administrator), which the API manages only without
 * `account_id`.
 *
 * An account that leaves the scope keeps its contacts by default (`removal`, {@link ContactRemoval.RETAIN}).
 *
 * @example
 * new OrganizationContacts(this, 'Contacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 *   excludeAccountIds: ['999988887777'],
 * });
 */
export class OrganizationContacts extends Construct {
  /** The `aws_account_alternate_contact` resources iterating over member accounts, by type. */
  public readonly memberAlternateContacts: TerraformResource[] = [];
  /** The `aws_account_alternate_contact` resources of the provider's own account, by type. */
  public readonly callerAlternateContacts: TerraformResource[] = [];
  /** The `aws_account_primary_contact` resources (member accounts, own account), when a primary contact is declared. */
  public readonly primaryContacts: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: OrganizationContactsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    const overrides = props.accountOverrides ?? [];
    const preventDestroy = (props.removal ?? ContactRemoval.RETAIN).preventsDestroy;
    const declaration = declarationOf(props);
    registerProblems(this, () => validateOrganizationDeclaration(declaration, { isUnresolved }));
    registerOrganizationOwner(this, { version: 1, constructPath: this.node.path, ...declaration }, props.provider);
    warnAbout(this, adviseOnAlternateContacts(props, isUnresolved));

    const organization = organizationData(this, 'organization', props.provider);
    const caller = callerIdentityData(this, 'caller', props.provider);
    // The excluded accounts: the listed ones, and (read at plan time) every account under an excluded unit.
    const listedExclusions = new TerraformLocal(this, 'excluded_account_ids', props.excludeAccountIds ?? []);
    let excludedIds = `local.${listedExclusions.friendlyUniqueId}`;
    if ((props.excludeOrganizationalUnitIds ?? []).length > 0) {
      const units = new TerraformLocal(this, 'excluded_organizational_unit_ids', props.excludeOrganizationalUnitIds);
      const descendants = descendantAccountsData(this, 'excluded_unit_accounts', TerraformIterator.fromList(units.asList), props.provider);
      const unitAccounts = new TerraformLocal(
        this,
        'excluded_unit_account_ids',
        `\${flatten([for unit in data.aws_organizations_organizational_unit_descendant_accounts.${descendants.friendlyUniqueId} : unit.accounts[*].id])}`,
      );
      excludedIds = `concat(${excludedIds}, local.${unitAccounts.friendlyUniqueId})`;
    }
    const callerAccountId = `data.aws_caller_identity.${caller.friendlyUniqueId}.account_id`;
    const organizationRead = `data.aws_organizations_organization.${organization.friendlyUniqueId}`;
    // Members: never the caller (managed without account_id), and never the management account, which the API lets
    // only the management account itself manage: from a delegated administrator it is out of reach, not a member.
    const members = new TerraformLocal(
      this,
      'member_accounts',
      `\${{ for account in ${organizationRead}.accounts : account.id => account.name ` +
        `if account.status == "ACTIVE" && account.id != ${callerAccountId} && account.id != ${organizationRead}.master_account_id ` +
        `&& !contains(${excludedIds}, account.id) }}`,
    );

    const kinds: ContactKindSource[] = [
      ...[AlternateContactType.SECURITY, AlternateContactType.BILLING, AlternateContactType.OPERATIONS].map((type) => {
        const property = type.toLowerCase() as keyof DeclaredAlternateContacts;
        return {
          kind: type as ContactKind,
          defaultValue: alternateContactValue(props[property]),
          overrideValue: (override: AccountContactsOverride) => alternateContactValue(override[property]),
        };
      }),
      {
        kind: PRIMARY_CONTACT_TYPE,
        defaultValue: contactInformationValue(props.contactInformation),
        overrideValue: (override) => contactInformationValue(override.contactInformation),
      },
    ];

    for (const { kind, defaultValue, overrideValue } of kinds) {
      const kindOverrides = Object.fromEntries(
        overrides.map((override) => [override.accountId, overrideValue(override)] as const).filter(([, value]) => value !== undefined),
      );
      if (defaultValue === undefined && Object.keys(kindOverrides).length === 0) {
        continue;
      }
      const name = kind.toLowerCase();
      const overridesLocal = new TerraformLocal(this, `${name}_overrides`, kindOverrides);
      const defaultLocal = defaultValue ? new TerraformLocal(this, `${name}_default`, defaultValue) : undefined;
      const everyMember = defaultLocal
        ? `{ for id, name in local.${members.friendlyUniqueId} : id => local.${defaultLocal.friendlyUniqueId} }`
        : '{}';
      // Most specific wins: merge() lets an account override replace the default.
      const memberContacts = new TerraformLocal(
        this,
        `${name}_member_contacts`,
        `\${merge(${everyMember}, { for id, contact in local.${overridesLocal.friendlyUniqueId} : id => contact if contains(keys(local.${members.friendlyUniqueId}), id) })}`,
      );
      // The provider's own account: managed without account_id. A for expression, not a conditional, so that both
      // outcomes (included or not) need no common object type.
      const callerContacts = new TerraformLocal(
        this,
        `${name}_caller_contacts`,
        defaultLocal
          ? `\${{ for id in [${callerAccountId}] : id => lookup(local.${overridesLocal.friendlyUniqueId}, id, local.${defaultLocal.friendlyUniqueId}) ` +
              `if !contains(${excludedIds}, id) }}`
          : `\${{ for id, contact in local.${overridesLocal.friendlyUniqueId} : id => contact ` +
              `if id == ${callerAccountId} && !contains(${excludedIds}, id) }}`,
      );

      const memberIterator = TerraformIterator.fromMap(memberContacts.asAnyMap);
      const callerIterator = TerraformIterator.fromMap(callerContacts.asAnyMap);
      if (kind === PRIMARY_CONTACT_TYPE) {
        this.primaryContacts.push(
          primaryContactResource(this, 'primary_members', {
            provider: props.provider,
            forEach: memberIterator,
            accountId: memberIterator.key,
            contactInformation: primaryArguments(memberIterator),
          }),
          primaryContactResource(this, 'primary_caller', {
            provider: props.provider,
            forEach: callerIterator,
            contactInformation: primaryArguments(callerIterator),
          }),
        );
      } else {
        this.memberAlternateContacts.push(
          alternateContactResource(this, `${name}_members`, {
            provider: props.provider,
            forEach: memberIterator,
            preventDestroy,
            accountId: memberIterator.key,
            alternateContactType: kind,
            ...alternateArguments(memberIterator),
          }),
        );
        this.callerAlternateContacts.push(
          alternateContactResource(this, `${name}_caller`, {
            provider: props.provider,
            forEach: callerIterator,
            preventDestroy,
            alternateContactType: kind,
            ...alternateArguments(callerIterator),
          }),
        );
      }
    }
  }
}

function alternateContactValue(contact: AlternateContact | undefined): Record<string, unknown> | undefined {
  return contact && { name: contact.name, title: contact.title, emailAddress: contact.emailAddress, phoneNumber: contact.phoneNumber };
}

/** Every field present (null when absent), so that all values of a map have one object type. */
function contactInformationValue(information: ContactInformation | undefined): Record<string, unknown> | undefined {
  if (!information) {
    return undefined;
  }
  const values = information as unknown as Record<string, unknown>;
  return Object.fromEntries(CONTACT_INFORMATION_RULES.map((rule) => [rule.field, values[rule.field] ?? null]));
}

function alternateArguments(iterator: TerraformIterator) {
  return {
    name: iterator.getString('name'),
    title: iterator.getString('title'),
    emailAddress: iterator.getString('emailAddress'),
    phoneNumber: iterator.getString('phoneNumber'),
  };
}

function primaryArguments(iterator: TerraformIterator): ContactInformation {
  return Object.fromEntries(CONTACT_INFORMATION_RULES.map((rule) => [rule.field, iterator.getString(rule.field)])) as unknown as ContactInformation;
}

/** The declaration the CDK construct would make of the same props: one validator and one owner check for both. */
function declarationOf(props: OrganizationContactsProps): Omit<OrganizationDeclaration, 'version' | 'constructPath'> {
  return {
    defaults: { security: props.security, billing: props.billing, operations: props.operations, contactInformation: props.contactInformation },
    excludeAccountIds: props.excludeAccountIds ?? [],
    ...(props.excludeOrganizationalUnitIds !== undefined ? { excludeOrganizationalUnitIds: props.excludeOrganizationalUnitIds } : {}),
    organizationalUnitOverrides: [],
    accountOverrides: props.accountOverrides ?? [],
  };
}

const PROPS_SHAPE = structShape<OrganizationContactsProps>('OrganizationContactsProps', {
  ...DECLARED_CONTACTS_FIELDS,
  excludeAccountIds: PROP_SHAPES.LIST,
  excludeOrganizationalUnitIds: PROP_SHAPES.LIST,
  accountOverrides: ACCOUNT_OVERRIDES_SHAPE,
  removal: PROP_SHAPES.VALUE,
  provider: PROP_SHAPES.VALUE,
});
