import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { accountArns } from './account-arns';
import { AlternateContactType } from '../contacts/alternate-contact';
import { ContactsResourceFunction } from '../handler/contacts-resource-function';

/** What a construct asks the provider to be allowed to do with alternate contacts. */
export interface AlternateContactsGrant {
  /** The managed account; `undefined` for the stack's own account. */
  readonly accountId?: string;
  /** The types managed. */
  readonly types: AlternateContactType[];
  /** Whether the contacts are deleted when the resource is removed. */
  readonly allowDelete: boolean;
}

/**
 * The one Lambda function per stack behind every `Custom::AccountAlternateContact` and
 * `Custom::AccountContactInformation` resource, with a role that holds only what its resources need.
 *
 * It is a singleton: `getOrCreate` finds it in the stack or creates it, so ten constructs share one function.
 */
export class AccountContactsProvider extends Construct {
  /** The function's timeout: the handler answers CloudFormation before it ends (it stops retrying in time). */
  public static readonly FUNCTION_TIMEOUT = Duration.minutes(5);

  /**
   * How long CloudFormation waits for an answer (`ServiceTimeout`): the function's timeout and one minute. A function
   * that is stopped without answering (it cannot, when it runs out of memory) fails the deployment after this, not
   * after CloudFormation's default hour.
   */
  public static readonly SERVICE_TIMEOUT = Duration.seconds(AccountContactsProvider.FUNCTION_TIMEOUT.toSeconds() + 60);

  /** Finds the stack's provider or creates it. */
  public static getOrCreate(scope: Construct): AccountContactsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(AccountContactsProvider.ID);
    return (existing as AccountContactsProvider | undefined) ?? new AccountContactsProvider(stack, AccountContactsProvider.ID);
  }

  private static readonly ID = 'AccountContactsProvider';

  /** The ARN that custom resources use as their service token. */
  public readonly serviceToken: string;
  /** The function. */
  public readonly function: ContactsResourceFunction;
  /** The function's role. */
  public readonly role: iam.Role;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-account-contacts: reads and writes the contacts of the accounts declared in this stack',
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    this.function = new ContactsResourceFunction(this, 'Function', {
      description: 'cdk-account-contacts: applies AWS account contacts (custom resource handler)',
      role: this.role,
      logGroup,
      timeout: AccountContactsProvider.FUNCTION_TIMEOUT,
      memorySize: 256,
    });
    // Custom resources refer to the function, and the function depends on the role's default policy, which holds
    // every statement granted below: no contact call can come before its permission.
    this.serviceToken = this.function.functionArn;
  }

  /**
   * Allows the function the alternate-contact actions a construct needs, on the account ARN(s) it targets, for
   * its contact types only (`account:AlternateContactTypes`).
   */
  public grantAlternateContacts(grant: AlternateContactsGrant): void {
    const actions = ['account:GetAlternateContact', 'account:PutAlternateContact'];
    if (grant.allowDelete) {
      actions.push('account:DeleteAlternateContact');
    }
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions,
      resources: accountArns(Stack.of(this), grant.accountId),
      conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': [...grant.types].sort() } },
    }));
  }

  /**
   * Allows the function to read and write the primary contact information of an account.
   */
  public grantContactInformation(accountId: string | undefined): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['account:GetContactInformation', 'account:PutContactInformation'],
      resources: accountArns(Stack.of(this), accountId),
    }));
  }
}
