/**
 * The IAM statements of the `OrganizationContacts` function's role: least privilege, resource ARNs wherever the API
 * has resource types.
 */
import { ArnFormat, Aws, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { memberAccountArn, ownAccountArn } from './account-arns';
import { OrganizationDeclaration, managedAlternateContactTypes, managesContactInformation, usesAccountTags } from '../contacts/organization-declaration';
import { ORGANIZATION_CLAIMS_PATH, claimParameterName } from '../protocol/resource-properties';

/** What the role works on. */
export interface OrganizationContactsPermissionsProps {
  readonly declaration: OrganizationDeclaration;
  readonly removalPolicy: RemovalPolicy;
  /** @default - any management account */
  readonly managementAccountId?: string;
  readonly logGroup: logs.ILogGroup;
  readonly resultsTable: dynamodb.ITable;
  readonly workQueue: sqs.IQueue;
  readonly declarationAsset: s3assets.Asset;
  /** @default - no notifications */
  readonly failureTopic?: sns.ITopic;
}

/** Grants the role its logs, Organizations reads, Account Management, results table, queue, declaration and topic. */
export function grantOrganizationContactsPermissions(role: iam.IRole, props: OrganizationContactsPermissionsProps): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }));
  grantOrganizationsReads(role, stack, props.managementAccountId, usesAccountTags(props.declaration));
  grantAccountManagement(role, stack, props);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    resources: [props.resultsTable.tableArn],
  }));
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
  const claimArn = (name: string) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
    resources: [claimArn(claimParameterName(ORGANIZATION_CLAIMS_PATH, Aws.STACK_NAME, resource.logicalId))],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParametersByPath'], resources: [claimArn(ORGANIZATION_CLAIMS_PATH)] }));
}

/**
 * Organizations reads: the tree walk, one account's place (and tags) on resource ARNs; the prerequisite checks on `*`
 * (those actions have no resource type).
 */
function grantOrganizationsReads(role: iam.IRole, stack: Stack, managementAccountId: string | undefined, readsTags: boolean): void {
  const arn = (resource: string) => stack.formatArn({
    service: 'organizations', region: '', account: managementAccountId ?? '*', resource, arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['organizations:DescribeOrganization', 'organizations:ListRoots', 'organizations:ListAWSServiceAccessForOrganization', 'organizations:ListDelegatedAdministrators'],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['organizations:ListAccountsForParent', 'organizations:ListChildren', 'organizations:ListParents'],
    resources: [arn('root/o-*/r-*'), arn('ou/o-*/ou-*'), arn('account/o-*/*')],
  }));
  // An account's tags only when the declaration excludes or overrides by tag; accounts' ARNs only.
  const accountActions = readsTags ? ['organizations:DescribeAccount', 'organizations:ListTagsForResource'] : ['organizations:DescribeAccount'];
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: accountActions, resources: [arn('account/o-*/*')] }));
}

/**
 * Account Management: member accounts' ARNs (`account/o-*\/*`) and the caller's own account, for the declared
 * contact types only.
 */
function grantAccountManagement(role: iam.IRole, stack: Stack, props: OrganizationContactsPermissionsProps): void {
  const resources = [
    ownAccountArn(stack),
    // Every member account, including accounts that join later.
    memberAccountArn(stack, '*', props.managementAccountId),
  ];
  const actions = ['account:GetAlternateContact', 'account:PutAlternateContact'];
  if (props.removalPolicy === RemovalPolicy.DESTROY) {
    actions.push('account:DeleteAlternateContact');
  }
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions,
    resources,
    conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': managedAlternateContactTypes(props.declaration) } },
  }));
  if (managesContactInformation(props.declaration)) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['account:GetContactInformation', 'account:PutContactInformation'], resources }));
  }
}
