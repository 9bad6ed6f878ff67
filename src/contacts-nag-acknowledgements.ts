import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { AccountContactsProvider } from './function-wiring/account-contacts-provider';
import { OrganizationContacts } from './organization-contacts';

/** Why each rule's finding on this library's resources is by design, for cdk-nag's three packs. */
const REASONS: Record<string, string> = {
  LambdaInsideVPC:
    'The function calls only AWS APIs (Account Management, Organizations, and its own queue, table and bucket) over TLS with IAM; a VPC would add NAT or endpoints and protect no data path.',
  LambdaConcurrency:
    "Calls are bounded by the Account Management API rate limiter inside the function (and, for OrganizationContacts, by the queue consumer's maximum concurrency); reserved concurrency would only take capacity from the account.",
  LambdaDLQ:
    'Invoked synchronously by CloudFormation (which receives the failure) or through SQS with a dead-letter queue; EventBridge rules retry with their own policy. Nothing is lost without a function-level DLQ.',
  CloudWatchLogGroupEncrypted:
    'The log holds no contact: email addresses and phone numbers are masked before logging. The log group is encrypted by CloudWatch Logs by default.',
  IAMNoInlinePolicy:
    "The policy belongs to the function's own role and is created and removed with it; a customer managed policy would add a second name for the same statements.",
  DynamoDBInBackupPlan:
    'The results table has point-in-time recovery; its run results are re-created by the next run, and it holds no contact unless removal is ContactRemoval.RESTORE_PREVIOUS.',
};
const PACKS = ['HIPAA.Security', 'NIST.800.53.R5'];
const IAM5_REASON =
  'A wildcard that cannot be narrowed at synth time: the management account id and the organization id are not known (a delegated administrator deploys from another account), ' +
  'and the construct covers accounts and units created later; the actions, the member account and the alternate contact types are narrowed wherever the API allows.';

/**
 * Acknowledges the cdk-nag findings (AwsSolutions, HIPAA Security, NIST 800-53 rev 5) that this library's resources
 * raise by design, each with its reason, and nothing else: a finding on your own resources, or a wildcard this
 * library did not write, still fails. It uses the AWS CDK's `Validations` acknowledgements that cdk-nag 3 reads, so
 * the library does not depend on cdk-nag (it needs aws-cdk-lib 2.257.0 or later, as cdk-nag 3 does).
 *
 * @example
 * // After the constructs are created, in the stack (or app) that holds them:
 * ContactsNagAcknowledgements.acknowledge(this);
 */
export class ContactsNagAcknowledgements {
  /**
   * Acknowledges the findings on every construct of this library inside `scope` (a stack, a stage or the app).
   * Call it after the constructs are created.
   */
  public static acknowledge(scope: IConstruct): void {
    // Validations arrived in aws-cdk-lib 2.257 (what cdk-nag 3 needs); the constructs themselves work from 2.178.
    if (typeof Validations?.of !== 'function') {
      throw new Error(
        `${scope.node.path || 'the app'}: ContactsNagAcknowledgements needs aws-cdk-lib 2.257.0 or later (Validations, which cdk-nag 3 reads); upgrade aws-cdk-lib, or acknowledge with cdk-nag 2's NagSuppressions`,
      );
    }
    for (const construct of scope.node.findAll()) {
      if (construct instanceof OrganizationContacts || construct instanceof AccountContactsProvider) {
        const validations = Validations.of(construct);
        for (const [rule, reason] of Object.entries(REASONS)) {
          PACKS.forEach((pack) => validations.acknowledge({ id: `${pack}-${rule}`, reason }));
        }
        for (const resource of wildcardResources(construct)) {
          validations.acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: IAM5_REASON });
        }
      }
    }
  }

  private constructor() {}
}

/** The wildcard resources of the policies inside the construct, written as cdk-nag writes them in finding ids. */
function wildcardResources(construct: IConstruct): string[] {
  const stack = Stack.of(construct);
  const resources = new Set<string>();
  for (const child of construct.node.findAll()) {
    // The role's inline policies, and the managed policies that hold its contact writes.
    if (!(child instanceof iam.CfnPolicy) && !(child instanceof iam.CfnManagedPolicy)) {
      continue;
    }
    const document = stack.resolve(child.policyDocument) as { Statement?: Array<{ Resource?: unknown }> };
    for (const statement of document.Statement ?? []) {
      for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
        const flat = flatten(resource);
        if (flat.includes('*')) {
          resources.add(flat);
        }
      }
    }
  }
  return [...resources];
}

/** A CloudFormation value as one string: Ref as `<Name>`, GetAtt as `<Resource.Attribute>`, Join joined. */
function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const node = value as Record<string, any>;
  if (node?.['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (node?.['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'] as [string, string];
    return `<${resource}.${attribute}>`;
  }
  if (node?.Ref) {
    return `<${node.Ref}>`;
  }
  return JSON.stringify(value);
}
