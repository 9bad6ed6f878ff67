/**
 * The IAM statements of the `OrganizationContacts` function's role: least privilege, resource ARNs wherever the API
 * has resource types.
 */
import { ArnFormat, Aws, CfnResource, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { memberAccountArn, ownAccountArn } from './account-arns';
import { AccountWritePolicies, grantAccountWrites } from './account-write-policies';
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
  /** Whether runs read member accounts' primary emails (`runs.checkPrimaryEmail`). @default false */
  readonly readsPrimaryEmails?: boolean;
}

/**
 * Grants the role its logs, Organizations reads, Account Management, results table, queue, declaration and topic;
 * the contact writes in managed policies created in `scope`, which the run must wait for.
 */
export function grantOrganizationContactsPermissions(
  scope: Construct,
  role: iam.IRole,
  props: OrganizationContactsPermissionsProps,
): AccountWritePolicies {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }),
  );
  grantOrganizationsReads(role, stack, props.managementAccountId, usesAccountTags(props.declaration));
  const writes = grantAccountManagement(scope, role, stack, props);
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
  return writes;
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

/**
 * Account Management, for the declared contact types only: reads on the caller's own account and every member
 * account; writes only where the scope is, in managed policies of their own (account-write-policies.ts), as narrow
 * as IAM's quotas allow. A second line of defence: a bug in the function's scope resolution cannot write outside it.
 */
function grantAccountManagement(scope: Construct, role: iam.IRole, stack: Stack, props: OrganizationContactsPermissionsProps): AccountWritePolicies {
  const { declaration } = props;
  const everyAccount = [ownAccountArn(stack), memberAccountArn(stack, '*', props.managementAccountId)];
  const typesCondition = { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': managedAlternateContactTypes(declaration) } };
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['account:GetAlternateContact'], resources: everyAccount, conditions: typesCondition }),
  );
  if (managesContactInformation(declaration)) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['account:GetContactInformation'], resources: everyAccount }));
  }
  if (props.readsPrimaryEmails) {
    // Member accounts only: the API reads no account's own address, nor the management account's.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['account:GetPrimaryEmail'], resources: [memberAccountArn(stack, '*', props.managementAccountId)] }),
    );
  }
  return grantAccountWrites(scope, role, {
    declaration,
    deletesOnRemoval: props.deletesOnRemoval,
    managementAccountId: props.managementAccountId,
    restoresLeavingAccounts: props.restoresLeavingAccounts,
  });
}
