import { createHash } from 'crypto';
import { Aspects, Aws, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { ContactsResourceFunction } from './contacts-resource-function';
import { AlternateContactType } from '../contacts/alternate-contact';
import { accountArns } from '../iam/account-arns';
import { claimParameterArn } from '../iam/claim-parameter-arn';
import { contactParameterStatements, parameterChangePattern } from '../iam/contact-parameter-access';
import { IAM_QUOTAS, policyCharacters } from '../iam/iam-quotas';
import { CONTACT_PARAMETER_CHANGE_KIND, ContactParameterChange, claimParameterName, claimsPath } from '../protocol/resource-properties';

/** What a construct asks the provider to be allowed to do with alternate contacts. */
export interface AlternateContactsGrant {
  /** The managed account; `undefined` for the stack's own account. */
  readonly accountId?: string;
  /** The custom resources, one per managed type: their claims are named after their logical ids. */
  readonly resources: ReadonlyArray<{ readonly type: AlternateContactType; readonly resource: CfnResource }>;
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
  /** The policy that holds every contact permission of the stack. */
  public readonly permissions: iam.Policy;
  /** Each construct's statements, in the order they were granted. */
  private readonly grants: Array<{ owner: IConstruct; statements: iam.PolicyStatement[] }> = [];
  private overQuota?: { grants: number; over?: { owner: IConstruct; message: string } };

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-account-contacts: reads and writes the contacts of the accounts declared in this stack',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new ContactsResourceFunction(this, 'Function', {
      description: 'cdk-account-contacts: applies AWS account contacts (custom resource handler)',
      role: this.role,
      logGroup,
      timeout: AccountContactsProvider.FUNCTION_TIMEOUT,
      memorySize: 256,
    });
    this.serviceToken = this.function.functionArn;

    // Every contact permission of the stack is in this one policy, apart from the role's default policy, and every
    // contact resource depends on it. Its logical id is the hash of what it grants: when a deployment changes that
    // (a construct removed, an account or a type changed), CloudFormation creates a new policy in the update phase
    // and deletes the old one in the cleanup phase after the resources that depended on it. So a removed or
    // replaced resource's cleanup Delete, and a rollback, still have their permissions. (Statements in one document
    // stay compact: about as many constructs fit in IAM's 10,240 characters per role as before.)
    // minimize: statements with the same actions and conditions are merged into one, with every resource.
    this.permissions = new iam.Policy(this, 'ContactPermissions', { roles: [this.role], document: new iam.PolicyDocument({ minimize: true }) });
    const permissions = this.permissions;
    Aspects.of(this).add({
      visit(node) {
        if (node === permissions) {
          const cfnPolicy = permissions.node.defaultChild as iam.CfnPolicy;
          // An empty document (no contact declared: synth reports that construct) has no JSON: it hashes as ''.
          const document = JSON.stringify(Stack.of(node).resolve(permissions.document.toJSON())) ?? '';
          cfnPolicy.overrideLogicalId(`AccountContactsPermissions${createHash('sha256').update(document).digest('hex').slice(0, 8).toUpperCase()}`);
        }
      },
    });
  }

  /**
   * Allows the function the alternate-contact actions a construct needs, on the account ARN(s) it targets, for its
   * contact types only (`account:AlternateContactTypes`), and the SSM claims of its resources; the resources depend
   * on the policy that holds them (see the constructor).
   */
  public grantAlternateContacts(grant: AlternateContactsGrant): void {
    if (grant.resources.length === 0) {
      // No contact declared: nothing to grant, and synth reports the construct ("declares no contact").
      return;
    }
    const stack = Stack.of(this);
    const types = grant.resources.map((entry) => entry.type).sort();
    const actions = ['account:GetAlternateContact', 'account:PutAlternateContact'];
    if (grant.allowDelete) {
      actions.push('account:DeleteAlternateContact');
    }
    const claimed = grant.resources.map(({ type, resource }) => ({ type, logicalId: resource.logicalId }));
    this.addGrant(
      ownerOf(grant.resources[0].resource),
      new iam.PolicyStatement({
        actions,
        resources: accountArns(stack, grant.accountId),
        conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': types } },
      }),
      ...claimStatements(stack, grant.accountId ?? stack.account, claimed),
    );
    grant.resources.forEach(({ resource }) => resource.node.addDependency(this.permissions));
  }

  /**
   * Allows the function to read and write the primary contact information of an account; the resource depends on
   * the policy that holds it.
   */
  public grantContactInformation(accountId: string | undefined, resource: CfnResource): void {
    this.addGrant(
      ownerOf(resource),
      new iam.PolicyStatement({
        actions: ['account:GetContactInformation', 'account:PutContactInformation'],
        resources: accountArns(Stack.of(this), accountId),
      }),
    );
    resource.node.addDependency(this.permissions);
  }

  /**
   * Allows the function to read the SSM parameter that holds a resource's contact (and to decrypt it), and applies
   * the resource again when the parameter is created or changed: a rule in `scope` sends the function the resource's
   * properties (the parameter's name, never its value).
   */
  public applyOnParameterChange(scope: Construct, id: string, parameter: ssm.IParameter, resource: CfnResource, properties: object): void {
    this.addGrant(scope, ...contactParameterStatements(Stack.of(this), [parameter]));
    const change: ContactParameterChange = {
      kind: CONTACT_PARAMETER_CHANGE_KIND,
      StackId: Aws.STACK_ID,
      LogicalResourceId: resource.logicalId,
      ResourceType: resource.cfnResourceType,
      ResourceProperties: properties as ContactParameterChange['ResourceProperties'],
    };
    new events.Rule(scope, id, {
      description: 'cdk-account-contacts: applies the contact again when the SSM parameter that holds it changes',
      eventPattern: parameterChangePattern([parameter]),
      targets: [
        new targets.LambdaFunction(this.function, {
          event: events.RuleTargetInput.fromObject(change),
          retryAttempts: 4,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }

  /**
   * Adds a construct's statements to the stack's contact permissions, and has synth refuse the construct whose
   * statements take the role past IAM's quota on inline policies (10,240 characters per role, the default policy
   * included): a deployment would fail on it.
   */
  private addGrant(owner: IConstruct, ...statements: iam.PolicyStatement[]): void {
    this.permissions.addStatements(...statements);
    if (!this.grants.some((grant) => grant.owner === owner)) {
      owner.node.addValidation({
        validate: () => {
          const over = this.constructOverQuota();
          return over?.owner === owner ? [over.message] : [];
        },
      });
    }
    this.grants.push({ owner, statements });
  }

  /** The first construct whose statements take the role's inline policies past IAM's quota, and why (measured once). */
  private constructOverQuota(): { owner: IConstruct; message: string } | undefined {
    if (this.overQuota?.grants !== this.grants.length) {
      this.overQuota = { grants: this.grants.length, over: this.measureConstructOverQuota() };
    }
    return this.overQuota.over;
  }

  private measureConstructOverQuota(): { owner: IConstruct; message: string } | undefined {
    const stack = Stack.of(this);
    const quota = IAM_QUOTAS.roleInlinePolicyCharacters;
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    const fixed = defaultPolicy ? policyCharacters(stack, defaultPolicy.document) : 0;
    if (fixed + policyCharacters(stack, this.permissions.document) <= quota) {
      return undefined;
    }
    // Measured as the statements add up, minimized as the policy is: the first construct that does not fit.
    const document = new iam.PolicyDocument({ minimize: true });
    const owners = new Set<IConstruct>();
    for (const grant of this.grants) {
      document.addStatements(...grant.statements);
      owners.add(grant.owner);
      const characters = fixed + policyCharacters(stack, document);
      if (characters > quota) {
        return {
          owner: grant.owner,
          message:
            `the contact constructs of stack ${stack.stackName} share one function, whose role holds at most ${quota.toLocaleString('en-US')} characters of ` +
            `inline policy (IAM, per role); with this construct, contact construct number ${owners.size} of the stack, it would hold about ` +
            `${characters.toLocaleString('en-US')} and the ` +
            'deployment would fail. Use OrganizationContacts for many accounts (one fixed set of resources for any number), or put the constructs in more stacks.',
        };
      }
    }
    return undefined;
  }
}

/** The construct that a contact resource belongs to: the `CfnResource` is a `CustomResource`'s, which is the construct's. */
function ownerOf(resource: CfnResource): IConstruct {
  return resource.node.scope?.node.scope ?? resource;
}

/**
 * The SSM claims of the resources (see `CLAIMS_PARAMETER_ROOT`): write and delete each resource's own claim
 * parameter, and list the claims of its account and type.
 */
function claimStatements(stack: Stack, accountId: string, resources: Array<{ type: string; logicalId: string }>): iam.PolicyStatement[] {
  const parameterArn = (name: string) => claimParameterArn(stack, name);
  return [
    new iam.PolicyStatement({
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      resources: resources.map(({ type, logicalId }) => parameterArn(claimParameterName(claimsPath(accountId, type), Aws.STACK_NAME, logicalId))),
    }),
    new iam.PolicyStatement({
      actions: ['ssm:GetParametersByPath'],
      resources: resources.map(({ type }) => parameterArn(claimsPath(accountId, type))),
    }),
  ];
}
