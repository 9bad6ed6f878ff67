/**
 * The IAM statements of the `OrganizationContacts` function's role: least privilege, resource ARNs wherever the API
 * has resource types.
 */
import { ArnFormat, Aws, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { memberAccountArn, ownAccountArn } from './account-arns';
import { claimParameterArn } from './claim-parameter-arn';
import {
  OrganizationDeclaration,
  managedAlternateContactTypes,
  managesContactInformation,
  usesAccountTags,
} from '../contacts/organization-declaration';
import { ORGANIZATION_CLAIMS_PATH, claimParameterName } from '../protocol/resource-properties';

/** What the role works on. */
export interface OrganizationContactsPermissionsProps {
  readonly declaration: OrganizationDeclaration;
  /** Whether removal deletes alternate contacts (DESTROY, and RESTORE_PREVIOUS where an account held none). */
  readonly deletesOnRemoval: boolean;
  /** @default - any management account */
  readonly managementAccountId?: string;
  readonly logGroup: logs.ILogGroup;
  readonly resultsTable: dynamodb.ITable;
  readonly workQueue: sqs.IQueue;
  readonly declarationAsset: s3assets.Asset;
  /** @default - no notifications */
  readonly failureTopic?: sns.ITopic;
  /**
   * Whether the function writes back what accounts held before, also to accounts that leave the scope: their writes
   * cannot be narrowed to the scope. @default false
   */
  readonly restoresLeavingAccounts?: boolean;
}

/** Grants the role its logs, Organizations reads, Account Management, results table, queue, declaration and topic. */
export function grantOrganizationContactsPermissions(role: iam.IRole, props: OrganizationContactsPermissionsProps): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }),
  );
  grantOrganizationsReads(role, stack, props.managementAccountId, usesAccountTags(props.declaration));
  grantAccountManagement(role, stack, props);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [props.resultsTable.tableArn],
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.workQueue.queueArn] }));
  // The declaration object only (not the whole assets bucket).
  const asset = props.declarationAsset;
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)] }));
  props.failureTopic?.grantPublish(role);
}

/**
 * The resource's claim (see ORGANIZATION_CLAIMS_PATH): its own parameter to write and delete, the organization
 * claims to list. A Delete deletes contacts only when no other OrganizationContacts resource declares them.
 */
export function grantOrganizationClaims(role: iam.IRole, resource: CfnResource): void {
  const stack = Stack.of(resource);
  const claimArn = (name: string) => claimParameterArn(stack, name);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      resources: [claimArn(claimParameterName(ORGANIZATION_CLAIMS_PATH, Aws.STACK_NAME, resource.logicalId))],
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParametersByPath'], resources: [claimArn(ORGANIZATION_CLAIMS_PATH)] }));
}

/**
 * Organizations reads: the tree walk, one account's place (and tags) on resource ARNs; the prerequisite checks on `*`
 * (those actions have no resource type).
 */
function grantOrganizationsReads(role: iam.IRole, stack: Stack, managementAccountId: string | undefined, readsTags: boolean): void {
  const arn = (resource: string) =>
    stack.formatArn({
      service: 'organizations',
      region: '',
      account: managementAccountId ?? '*',
      resource,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [
        'organizations:DescribeOrganization',
        'organizations:ListRoots',
        'organizations:ListAWSServiceAccessForOrganization',
        'organizations:ListDelegatedAdministrators',
      ],
      resources: ['*'],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['organizations:ListAccountsForParent', 'organizations:ListChildren', 'organizations:ListParents'],
      resources: [arn('root/o-*/r-*'), arn('ou/o-*/ou-*'), arn('account/o-*/*')],
    }),
  );
  // An account's tags only when the declaration excludes or overrides by tag; accounts' ARNs only.
  const accountActions = readsTags ? ['organizations:DescribeAccount', 'organizations:ListTagsForResource'] : ['organizations:DescribeAccount'];
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: accountActions, resources: [arn('account/o-*/*')] }));
}

/** The actions that change a contact: the ones narrowed to the scope and denied outside it. */
const CONTACT_WRITE_ACTIONS = ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'];

/**
 * Account Management, for the declared contact types only. Reads on the caller's own account and every member
 * account; writes and deletes only where the scope is: the listed accounts' ARNs (`accountIds`), or member accounts
 * under the listed units (`account:AccountResourceOrgPaths`, which AWS offers for exactly this), or every member
 * account. An explicit Deny covers `accountSelection.excludeAccountIds` and, when the stack is not in it, the management account (the
 * API manages the management account only from itself). A second line of defence: a bug in the function's scope
 * resolution cannot write outside the scope. Not narrowed when the function restores accounts that leave the scope
 * (`ContactRemoval.RESTORE_PREVIOUS`): those are outside the new scope by definition.
 */
function grantAccountManagement(role: iam.IRole, stack: Stack, props: OrganizationContactsPermissionsProps): void {
  const { declaration } = props;
  const management = props.managementAccountId;
  const own = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const member = (accountId: string) => memberAccountArn(stack, accountId, management);
  const everyAccount = [ownAccountArn(stack), member('*')];
  const typesCondition = { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': managedAlternateContactTypes(declaration) } };
  const writes = props.deletesOnRemoval ? ['account:PutAlternateContact', 'account:DeleteAlternateContact'] : ['account:PutAlternateContact'];
  const managesPrimary = managesContactInformation(declaration);

  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['account:GetAlternateContact'], resources: everyAccount, conditions: typesCondition }),
  );
  if (managesPrimary) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['account:GetContactInformation'], resources: everyAccount }));
  }

  const grantWrites = (resources: string[], conditions: Record<string, Record<string, unknown>> = {}) => {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: writes, resources, conditions: { ...typesCondition, ...conditions } }));
    if (managesPrimary) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['account:PutContactInformation'], resources, conditions }));
    }
  };
  const narrowed = !props.restoresLeavingAccounts;
  if (narrowed && declaration.accountIds !== undefined) {
    // The listed accounts only; the stack's own account (no AccountId) when it is listed, or cannot be told.
    const ownListed = own === undefined || declaration.accountIds.includes(own);
    grantWrites([...(ownListed ? [ownAccountArn(stack)] : []), ...declaration.accountIds.filter((accountId) => accountId !== own).map(member)]);
  } else if (narrowed && declaration.organizationalUnitIds !== undefined) {
    // Member accounts under the units, at any depth; the stack's own account (a delegated administrator may sit in
    // one), unless it is the management account, which is never in a unit.
    if (own === undefined || own !== management) {
      grantWrites([ownAccountArn(stack)]);
    }
    grantWrites([member('*')], {
      'ForAnyValue:StringLike': { 'account:AccountResourceOrgPaths': declaration.organizationalUnitIds.map((unit) => `o-*/*/${unit}/*`) },
    });
  } else {
    grantWrites(everyAccount);
  }

  const denied = [
    ...(narrowed ? declaration.excludeAccountIds.map((accountId) => (accountId === own ? ownAccountArn(stack) : member(accountId))) : []),
    // From a delegated administrator, the management account's contacts are out of reach (the API refuses them).
    ...(management !== undefined && own !== undefined && own !== management ? [member(management)] : []),
  ];
  if (denied.length > 0) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: CONTACT_WRITE_ACTIONS, resources: denied }));
  }
}
