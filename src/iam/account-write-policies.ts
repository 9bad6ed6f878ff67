/**
 * Where the `OrganizationContacts` role may change contacts: as narrow as IAM's quotas allow, at any size.
 *
 * The writes (`PutAlternateContact`, `DeleteAlternateContact` under a deleting removal, `PutContactInformation` when
 * the primary contact is declared) are granted in customer managed policies of their own, at most
 * `MAX_ACCOUNT_WRITE_POLICIES` of IAM's 6,144 characters, in the narrowest form that fits:
 * 1. `accountIds`: the listed accounts' ARNs (about 1,000 fit); excluded accounts are simply not listed;
 * 2. `organizationalUnitIds`: member accounts under the units, at any depth (`account:AccountResourceOrgPaths`,
 *    about 1,500 units fit, above Organizations' quota of 1,000), and the stack's own account;
 * 3. otherwise every account of the organization.
 * In forms 2 and 3 an explicit Deny covers `excludeAccountIds` while it fits beside the Allow (about 1,000
 * accounts); in every form an explicit Deny covers the accounts under `excludeOrganizationalUnitIds`, at any depth, by
 * their organization paths (`account:AccountResourceOrgPaths`). Whatever the form, a delegated administrator is denied the management account (the API refuses it).
 * When a list does not fit and the form is wider than the declaration, synth warns (an id users acknowledge), and
 * says by how much: the function's own scope check is then the only line of defence for what IAM no longer holds.
 */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { memberAccountArn, memberAccountArnPattern, ownAccountArn } from './account-arns';
import { IAM_QUOTAS } from './iam-quotas';
import { SplittableStatement, packStatements } from './policy-packing';
import { OrganizationDeclaration, managedAlternateContactTypes, managesContactInformation } from '../contacts/organization-declaration';
import { WARNING_ID_PREFIX } from '../contacts/problems';

/**
 * The managed policies the writes may take: IAM attaches at most 10 to a role; 2 are left for the role's other
 * growth (aws-cdk-lib moves a default policy over 10,000 characters into managed policies of its own).
 */
export const MAX_ACCOUNT_WRITE_POLICIES = IAM_QUOTAS.managedPoliciesPerRole - 2;

/** The actions that change a contact: the ones narrowed to the scope and denied outside it. */
export const CONTACT_WRITE_ACTIONS = ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'];

/** How far the writes reach. */
export enum AccountWriteForm {
  /** The listed accounts' ARNs. */
  ACCOUNT_LIST = 'ACCOUNT_LIST',
  /** Member accounts under the listed units, by their organization paths. */
  UNIT_PATHS = 'UNIT_PATHS',
  /** Every account of the organization. */
  EVERY_ACCOUNT = 'EVERY_ACCOUNT',
}

export interface AccountWritePoliciesProps {
  readonly declaration: OrganizationDeclaration;
  /** Whether removal deletes alternate contacts. */
  readonly deletesOnRemoval: boolean;
  /** @default - not known: no Deny for the management account */
  readonly managementAccountId?: string;
  /** Whether accounts that leave the scope are written back: then the writes cannot be narrowed. @default false */
  readonly restoresLeavingAccounts?: boolean;
}

/** What was granted, for the tests and the benchmark. */
export interface AccountWritePolicies {
  readonly form: AccountWriteForm;
  /** Whether the excluded accounts are denied by IAM (false only when they did not fit). */
  readonly excludedAccountsDenied: boolean;
  readonly policies: iam.ManagedPolicy[];
}

/** Grants the role its contact writes in managed policies created in `scope`, and warns where it had to widen. */
export function grantAccountWrites(scope: Construct, role: iam.IRole, props: AccountWritePoliciesProps): AccountWritePolicies {
  const stack = Stack.of(scope);
  const { declaration } = props;
  const own = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const management = props.managementAccountId;
  const types = managedAlternateContactTypes(declaration);
  const actions = [
    ...(types.length > 0 ? ['account:PutAlternateContact', ...(props.deletesOnRemoval ? ['account:DeleteAlternateContact'] : [])] : []),
    ...(managesContactInformation(declaration) ? ['account:PutContactInformation'] : []),
  ];
  // One statement for both APIs: `ForAllValues` holds when the request has no contact type (PutContactInformation).
  const typesCondition = types.length > 0 ? { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': types } } : {};
  const allow = (resources: string[], conditions: Record<string, Record<string, unknown>> = {}) =>
    new iam.PolicyStatement({ actions, resources, conditions: { ...typesCondition, ...conditions } });
  const deny = (resources: string[], conditions?: Record<string, Record<string, unknown>>) =>
    new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: CONTACT_WRITE_ACTIONS, resources, conditions });
  const accountArn = (accountId: string) => (accountId === own ? ownAccountArn(stack) : memberAccountArnPattern(stack, accountId));

  const forms: Array<{ form: AccountWriteForm; allows: SplittableStatement[] }> = [];
  const narrowed = !props.restoresLeavingAccounts;
  if (narrowed && declaration.accountIds !== undefined) {
    // The stack's own account (no AccountId) when it is listed, or cannot be told.
    const ownListed = own === undefined || declaration.accountIds.includes(own);
    const members = declaration.accountIds.filter((accountId) => accountId !== own).map(accountArn);
    forms.push({
      form: AccountWriteForm.ACCOUNT_LIST,
      allows: [{ entries: [...(ownListed ? [ownAccountArn(stack)] : []), ...members], statement: allow }],
    });
  }
  if (narrowed && declaration.organizationalUnitIds !== undefined) {
    // The stack's own account too (a delegated administrator may sit in a unit), unless it is the management
    // account, which is never in one.
    forms.push({
      form: AccountWriteForm.UNIT_PATHS,
      allows: [
        ...(own === undefined || own !== management ? [{ entries: [ownAccountArn(stack)], statement: allow }] : []),
        {
          entries: declaration.organizationalUnitIds.map((unit) => `o-*/*/${unit}/*`),
          statement: (paths) =>
            allow([memberAccountArnPattern(stack, '*')], { 'ForAnyValue:StringLike': { 'account:AccountResourceOrgPaths': paths } }),
        },
      ],
    });
  }
  forms.push({
    form: AccountWriteForm.EVERY_ACCOUNT,
    allows: [{ entries: [ownAccountArn(stack), memberAccountArnPattern(stack, '*')], statement: allow }],
  });

  // From a delegated administrator, the management account's contacts are out of reach (the API refuses them).
  const deniedManagement =
    management !== undefined && own !== undefined && own !== management ? [memberAccountArn(stack, management, management)] : [];
  const excluded = narrowed ? declaration.excludeAccountIds.map(accountArn) : [];
  const denials = (entries: string[]): SplittableStatement[] => (entries.length > 0 ? [{ entries, statement: (resources) => deny(resources) }] : []);
  // Accounts under an excluded unit, at any depth, by their organization paths: denied whatever the form (an
  // exclusion wins over a listed account or unit).
  const excludedUnits = narrowed ? (declaration.excludeOrganizationalUnitIds ?? []) : [];
  const unitDenials: SplittableStatement[] =
    excludedUnits.length > 0
      ? [
          {
            entries: excludedUnits.map((unit) => `o-*/*/${unit}/*`),
            statement: (paths) =>
              deny([memberAccountArnPattern(stack, '*')], { 'ForAnyValue:StringLike': { 'account:AccountResourceOrgPaths': paths } }),
          },
        ]
      : [];

  for (const [index, { form, allows }] of forms.entries()) {
    // The listed accounts leave the excluded ones out already; the wider forms deny them.
    const denyExcluded = form !== AccountWriteForm.ACCOUNT_LIST && excluded.length > 0;
    const withExclusions = packStatements(
      stack,
      [...allows, ...denials([...deniedManagement, ...(denyExcluded ? excluded : [])]), ...unitDenials],
      MAX_ACCOUNT_WRITE_POLICIES,
    );
    const packed = withExclusions ?? packStatements(stack, [...allows, ...denials(deniedManagement)], MAX_ACCOUNT_WRITE_POLICIES);
    if (!packed) {
      continue;
    }
    if (index > 0) {
      warnWidened(scope, forms[0].form, form, declaration);
    }
    const denies = denyExcluded || unitDenials.length > 0;
    if (denies && !withExclusions) {
      warnExclusionsNotDenied(scope, declaration);
    }
    const policies = packed.map(
      (statements, part) =>
        new iam.ManagedPolicy(scope, part === 0 ? 'AccountWrites' : `AccountWrites${part + 1}`, {
          description: `cdk-account-contacts: the contact writes of ${scope.node.path} (${part + 1} of ${packed.length})`,
          statements,
          roles: [role],
        }),
    );
    return { form, excludedAccountsDenied: !denies || withExclusions !== undefined, policies };
  }
  // Unreachable: every account of the organization is two ARNs and one Deny.
  throw new Error(`${scope.node.path}: the contact writes do not fit IAM's managed policies in any form`);
}

const LIST_FIELDS: Record<string, string> = {
  [AccountWriteForm.ACCOUNT_LIST]: 'accountSelection.accountIds',
  [AccountWriteForm.UNIT_PATHS]: 'accountSelection.organizationalUnitIds',
};

function listSize(form: AccountWriteForm, declaration: OrganizationDeclaration): string {
  return form === AccountWriteForm.ACCOUNT_LIST ? `${count(declaration.accountIds!)} accounts` : `${count(declaration.organizationalUnitIds!)} units`;
}

function count(list: readonly unknown[]): string {
  return list.length.toLocaleString('en-US');
}

function warnWidened(scope: Construct, wanted: AccountWriteForm, granted: AccountWriteForm, declaration: OrganizationDeclaration): void {
  const reach =
    granted === AccountWriteForm.UNIT_PATHS
      ? `every member account under the ${count(declaration.organizationalUnitIds!)} units of accountSelection.organizationalUnitIds`
      : 'every account of the organization';
  Annotations.of(scope).addWarningV2(
    `${WARNING_ID_PREFIX}accountWritesWidened`,
    `${LIST_FIELDS[wanted]}: ${listSize(wanted, declaration)} do not fit the role's policies (IAM: ${managedPolicyQuota()} characters ` +
      `a managed policy, ${MAX_ACCOUNT_WRITE_POLICIES} managed policies for the writes here), so IAM lets the function write the contacts of ${reach}; ` +
      'the function still writes only the accounts in scope, and its scope check is the only line of defence for the rest. ' +
      'To keep IAM that narrow, split the declaration into several OrganizationContacts (about 1,000 accounts or 1,500 units each), or scope by organizational unit.',
  );
}

function warnExclusionsNotDenied(scope: Construct, declaration: OrganizationDeclaration): void {
  Annotations.of(scope).addWarningV2(
    `${WARNING_ID_PREFIX}excludedAccountsNotDenied`,
    `accountSelection.excludeAccountIds and excludeOrganizationalUnitIds: ${count(declaration.excludeAccountIds)} accounts and ` +
      `${count(declaration.excludeOrganizationalUnitIds ?? [])} units do not fit an explicit Deny in the role's policies ` +
      `(IAM: ${managedPolicyQuota()} characters a managed policy, ${MAX_ACCOUNT_WRITE_POLICIES} for the writes here), so IAM does not deny them; ` +
      "the function's scope check alone leaves them out. To keep a Deny, move the excluded accounts into organizational units of their own and " +
      'scope with accountSelection.organizationalUnitIds, or list the accounts in scope with accountSelection.accountIds.',
  );
}

/** "6,144". */
function managedPolicyQuota(): string {
  return IAM_QUOTAS.managedPolicyCharacters.toLocaleString('en-US');
}
