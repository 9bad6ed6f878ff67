import { Construct } from 'constructs';
import { ContactRemoval } from './contact-removal';
import { TerraformIterator, TerraformLocal, TerraformProvider, TerraformResource } from './framework';
import { alternateContactResource, primaryContactResource } from './private/aws-account-resources';
import { isUnresolved, registerProblems, warnAbout } from './private/construct-problems';
import { registerOrganizationOwner } from './private/contact-ownership';
import { organizationScope } from './private/organization-scope';
import { UnitOverrideReads } from './private/unit-overrides';
import { AccountContactsOverride } from '../contacts/account-contacts-override';
import { AccountSelection } from '../contacts/account-selection';
import { adviseOnAlternateContacts } from '../contacts/advice';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { ContactInformation } from '../contacts/contact-information';
import { ContactType, PRIMARY_CONTACT_TYPE } from '../contacts/contact-type';
import { ContactsOverrides } from '../contacts/contacts-overrides';
import { DeclaredAlternateContacts } from '../contacts/declared-contacts';
import {
  DeclaredContactsSet,
  OrganizationDeclaration,
  scopeDeclaration,
  validateOrganizationDeclaration,
} from '../contacts/organization-declaration';
import {
  ACCOUNT_OVERRIDES_SHAPE,
  ACCOUNT_SELECTION_SHAPE,
  CONTACTS_OVERRIDES_SHAPE,
  DECLARED_CONTACTS_FIELDS,
  PROP_SHAPES,
  assertPropsShape,
  structShape,
} from '../contacts/props-shape';
import { CONTACT_INFORMATION_RULES, ValidationProblem } from '../contacts/validation';

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
   * Which accounts of the organization are managed: the AWS CDK construct's `accountSelection`. Units are read at
   * plan time (`aws_organizations_organizational_unit_descendant_accounts`, nested units included);
   * `excludeAccountTags` is refused (an organization's account tags cannot be read at plan time).
   *
   * @default - every ACTIVE account of the organization
   */
  readonly accountSelection?: AccountSelection;

  /**
   * Contacts that differ from the defaults: the AWS CDK construct's `overrides`. By account, and by organizational
   * unit (read at plan time; the nearest unit that declares a contact type wins, an account override beats them
   * all); `accountTags` is refused (an organization's account tags cannot be read at plan time).
   *
   * @default - none
   */
  readonly overrides?: ContactsOverrides;

  /**
   * Accounts left alone.
   *
   * @default - none: every active account of the organization
   * @deprecated use `accountSelection.excludeAccountIds`
   */
  readonly excludeAccountIds?: string[];

  /**
   * Accounts in these organizational units, and in the units nested in them, are left alone.
   *
   * @default - no unit is excluded
   * @deprecated use `accountSelection.excludeOrganizationalUnitIds`
   */
  readonly excludeOrganizationalUnitIds?: string[];

  /**
   * Contacts of single accounts that differ from the defaults.
   *
   * @default - none
   * @deprecated use `overrides.accounts`
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
  readonly overrideValue: (override: DeclaredContactsSet) => Record<string, unknown> | undefined;
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
 *   accountSelection: { excludeAccountIds: ['999988887777'] },
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
    const { selection, grouped } = groupedProps(props);
    const overrides = grouped.accounts ?? [];
    const preventDestroy = (props.removal ?? ContactRemoval.RETAIN).preventsDestroy;
    const declaration = declarationOf(props, selection, grouped);
    registerProblems(this, () => [...validateOrganizationDeclaration(declaration, { isUnresolved }), ...terraformProblems(props)]);
    registerOrganizationOwner(this, { version: 1, constructPath: this.node.path, ...declaration }, props.provider);
    warnAbout(this, adviseOnAlternateContacts(props, isUnresolved));

    const { members, callerAccountId, inScope } = organizationScope(this, selection, props.provider);
    const unitOverrides = grouped.organizationalUnits ?? [];
    const unitReads =
      unitOverrides.length > 0
        ? new UnitOverrideReads(
            this,
            unitOverrides.map((unit) => unit.organizationalUnitId),
            props.provider,
          )
        : undefined;

    const kinds: ContactKindSource[] = [
      ...[AlternateContactType.SECURITY, AlternateContactType.BILLING, AlternateContactType.OPERATIONS].map((type) => {
        const property = type.toLowerCase() as keyof DeclaredAlternateContacts;
        return {
          kind: type as ContactKind,
          defaultValue: alternateContactValue(props[property]),
          overrideValue: (override: DeclaredContactsSet) => alternateContactValue(override[property]),
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
      const unitValues = Object.fromEntries(
        unitOverrides
          .map((override) => [override.organizationalUnitId, overrideValue(override)] as const)
          .filter((entry): entry is readonly [string, Record<string, unknown>] => entry[1] !== undefined),
      );
      if (defaultValue === undefined && Object.keys(kindOverrides).length === 0 && Object.keys(unitValues).length === 0) {
        continue;
      }
      const name = kind.toLowerCase();
      const overridesLocal = new TerraformLocal(this, `${name}_overrides`, kindOverrides);
      const defaultLocal = defaultValue ? new TerraformLocal(this, `${name}_default`, defaultValue) : undefined;
      const everyMember = defaultLocal
        ? `{ for id, name in local.${members.friendlyUniqueId} : id => local.${defaultLocal.friendlyUniqueId} }`
        : '{}';
      // The nearest unit's contact, for members and the provider's own account under an override unit.
      const unitContacts =
        unitReads && Object.keys(unitValues).length > 0
          ? unitReads.contacts(name, unitValues, `concat(keys(local.${members.friendlyUniqueId}), [${callerAccountId}])`)
          : undefined;
      const inMembers = (map: string) => `{ for id, contact in ${map} : id => contact if contains(keys(local.${members.friendlyUniqueId}), id) }`;
      // Most specific wins: merge() lets a unit's contact replace the default, and an account override both.
      const memberContacts = new TerraformLocal(
        this,
        `${name}_member_contacts`,
        `\${merge(${[everyMember, ...(unitContacts ? [inMembers(unitContacts)] : []), inMembers(`local.${overridesLocal.friendlyUniqueId}`)].join(', ')})}`,
      );
      // The provider's own account: managed without account_id. A for expression, not a conditional, so that both
      // outcomes (included or not) need no common object type.
      const ownValues = unitContacts
        ? `merge(${unitContacts}, local.${overridesLocal.friendlyUniqueId})`
        : `local.${overridesLocal.friendlyUniqueId}`;
      const callerContacts = new TerraformLocal(
        this,
        `${name}_caller_contacts`,
        defaultLocal
          ? `\${{ for id in [${callerAccountId}] : id => lookup(${ownValues}, id, local.${defaultLocal.friendlyUniqueId}) if ${inScope('id')} }}`
          : `\${{ for id, contact in ${ownValues} : id => contact if id == ${callerAccountId} && ${inScope('id')} }}`,
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

/** The grouped properties, from the deprecated flat ones when the grouped ones are not given. */
function groupedProps(props: OrganizationContactsProps): { selection: AccountSelection; grouped: ContactsOverrides } {
  const selection = props.accountSelection ?? {
    ...(props.excludeAccountIds !== undefined ? { excludeAccountIds: props.excludeAccountIds } : {}),
    ...(props.excludeOrganizationalUnitIds !== undefined ? { excludeOrganizationalUnitIds: props.excludeOrganizationalUnitIds } : {}),
  };
  const grouped = props.overrides ?? (props.accountOverrides !== undefined ? { accounts: props.accountOverrides } : {});
  return { selection, grouped };
}

/** The declaration the CDK construct would make of the same props: one validator and one owner check for both. */
function declarationOf(
  props: OrganizationContactsProps,
  selection: AccountSelection,
  grouped: ContactsOverrides,
): Omit<OrganizationDeclaration, 'version' | 'constructPath'> {
  return {
    defaults: { security: props.security, billing: props.billing, operations: props.operations, contactInformation: props.contactInformation },
    ...scopeDeclaration(selection, grouped),
  };
}

/** What the Terraform construct refuses of the CDK's props: a flat property beside its group, and account tags. */
function terraformProblems(props: OrganizationContactsProps): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const moved: Array<[keyof OrganizationContactsProps, string, unknown]> = [
    ['excludeAccountIds', 'accountSelection.excludeAccountIds', props.accountSelection],
    ['excludeOrganizationalUnitIds', 'accountSelection.excludeOrganizationalUnitIds', props.accountSelection],
    ['accountOverrides', 'overrides.accounts', props.overrides],
  ];
  for (const [flat, inGroup, group] of moved) {
    if (props[flat] !== undefined && group !== undefined) {
      problems.push({
        field: flat,
        message: `${flat} is given beside ${inGroup.split('.')[0]}: give it as ${inGroup} only (the flat property is deprecated, and two places for one list would let one silently win)`,
      });
    }
  }
  const tags: Array<[string, unknown[] | undefined]> = [
    ['accountSelection.excludeAccountTags', props.accountSelection?.excludeAccountTags],
    ['overrides.accountTags', props.overrides?.accountTags],
  ];
  for (const [field, value] of tags) {
    if ((value ?? []).length > 0) {
      problems.push({
        field,
        message:
          `${field} is not supported by the Terraform OrganizationContacts: Terraform reads an account's tags one account at a time ` +
          '(aws_organizations_resource_tags), so the scope and the overrides could not be known at plan time; choose the accounts by id or ' +
          'by organizational unit (accountSelection, overrides.organizationalUnits), or use the AWS CDK construct, which reads tags when it runs',
      });
    }
  }
  return problems;
}

const PROPS_SHAPE = structShape<OrganizationContactsProps>('OrganizationContactsProps', {
  ...DECLARED_CONTACTS_FIELDS,
  accountSelection: ACCOUNT_SELECTION_SHAPE,
  overrides: CONTACTS_OVERRIDES_SHAPE,
  excludeAccountIds: PROP_SHAPES.LIST,
  excludeOrganizationalUnitIds: PROP_SHAPES.LIST,
  accountOverrides: ACCOUNT_OVERRIDES_SHAPE,
  removal: PROP_SHAPES.VALUE,
  provider: PROP_SHAPES.VALUE,
});
