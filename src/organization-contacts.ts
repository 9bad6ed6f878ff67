import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArnFormat, CfnResource, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { registerProblems } from './construct-checks';
import { AccountContactsOverride } from './contacts/account-contacts-override';
import { adviseOnAlternateContacts } from './contacts/advice';
import { AlternateContact } from './contacts/alternate-contact';
import { DEFAULT_OPERATION_RATES, OperationRate } from './contacts/api-quotas';
import { ContactInformation } from './contacts/contact-information';
import {
  OrganizationDeclaration,
  managedAlternateContactTypes,
  managesContactInformation,
  validateOrganizationDeclaration,
} from './contacts/organization-declaration';
import { OrganizationalUnitContactsOverride } from './contacts/organizational-unit-contacts-override';
import { ValidationProblem } from './contacts/validation';
import { CLOUDTRAIL_DETAIL_TYPES } from './protocol/account-events';
import {
  DEFAULT_METRIC_NAMESPACE,
  METRIC_DIMENSION,
  ORGANIZATION_CONTACTS_RESOURCE_TYPE,
  ORGANIZATION_ENVIRONMENT,
  OrganizationContactsResourceProperties,
  OrganizationMetric,
  RECONCILIATION_INPUT,
} from './protocol/organization-resource';
import { ORGANIZATION_CLAIMS_PATH, claimParameterName } from './protocol/resource-properties';
import { memberAccountArn, ownAccountArn } from './provider/account-arns';
import { OrganizationContactsFunction } from './provider/organization-contacts-function';
import { isUnresolved, warnAbout } from './synth-checks';

/**
 * Calls per second of the AWS Account Management API for the whole organization, shared by every worker.
 * AWS's quotas for the calling account: GetAlternateContact 10/s, PutAlternateContact 5/s,
 * DeleteAlternateContact 1/s.
 */
export interface AccountApiRates {
  /**
   * PutAlternateContact calls per second.
   *
   * @default 4.5
   */
  readonly alternateContactWritesPerSecond?: number;

  /**
   * GetAlternateContact calls per second.
   *
   * @default 9
   */
  readonly alternateContactReadsPerSecond?: number;

  /**
   * DeleteAlternateContact calls per second (RemovalPolicy.DESTROY only).
   *
   * @default 0.9
   */
  readonly alternateContactDeletesPerSecond?: number;

  /**
   * PutContactInformation calls per second.
   *
   * @default 4.5
   */
  readonly contactInformationWritesPerSecond?: number;

  /**
   * GetContactInformation calls per second.
   *
   * @default 9
   */
  readonly contactInformationReadsPerSecond?: number;
}

/**
 * Properties of {@link OrganizationContacts}.
 */
export interface OrganizationContactsProps {
  /**
   * The default SECURITY alternate contact of every account (CIS AWS Foundations Benchmark 1.2).
   */
  readonly security: AlternateContact;

  /**
   * The default BILLING alternate contact.
   *
   * @default - BILLING is managed only where an override declares it
   */
  readonly billing?: AlternateContact;

  /**
   * The default OPERATIONS alternate contact.
   *
   * @default - OPERATIONS is managed only where an override declares it
   */
  readonly operations?: AlternateContact;

  /**
   * The default primary contact information (CIS AWS Foundations Benchmark 1.1).
   *
   * @default - the primary contact is managed only where an override declares it
   */
  readonly contactInformation?: ContactInformation;

  /**
   * Only these accounts.
   *
   * @default - every ACTIVE account of the organization, including accounts that join later
   */
  readonly accountIds?: string[];

  /**
   * Only the accounts in these organizational units, and in the units nested in them.
   *
   * @default - the whole organization
   */
  readonly organizationalUnitIds?: string[];

  /**
   * Accounts left alone, whatever the other properties say.
   *
   * @default - none
   */
  readonly excludeAccountIds?: string[];

  /**
   * Contacts of single accounts that differ from the defaults and from their units' overrides.
   *
   * @default - none
   */
  readonly accountOverrides?: AccountContactsOverride[];

  /**
   * Contacts of the accounts in an organizational unit (nested units included) that differ from the defaults.
   * The nearest unit's override wins; an account override beats them all.
   *
   * @default - none
   */
  readonly organizationalUnitOverrides?: OrganizationalUnitContactsOverride[];

  /**
   * What happens to the contacts when this construct is removed or its stack deleted. `RemovalPolicy.RETAIN`
   * leaves them in place; `RemovalPolicy.DESTROY` deletes the declared alternate contacts of every account in
   * scope (at 1 call per second: about 3 hours for 5,000 accounts with three types).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether a scheduled reconciliation applies the declaration again, repairing changes made by hand and
   * covering accounts whose event was missed.
   *
   * @default true
   */
  readonly reconciliation?: boolean;

  /**
   * When the reconciliation runs.
   *
   * @default Schedule.rate(Duration.days(1))
   */
  readonly reconciliationSchedule?: events.Schedule;

  /**
   * Whether new accounts are applied when they join: EventBridge rules on Organizations' CreateAccountResult
   * and AcceptHandshake (delivered in us-east-1 only) and Control Tower's CreateManagedAccount (delivered in
   * Control Tower's home Region). In another Region those rules see nothing, and the reconciliation covers new
   * accounts.
   *
   * @default true
   */
  readonly newAccountEvents?: boolean;

  /**
   * How long a deployment waits for every account to be applied. When the wait ends first, the deployment
   * succeeds with the number of accounts still pending (attribute `Pending`), and the run goes on: its results
   * come through the log, metrics and failure topic. At most 55 minutes (CloudFormation waits at most one hour
   * for a custom resource); `Duration.seconds(0)` does not wait.
   *
   * @default Duration.minutes(50)
   */
  readonly deploymentWait?: Duration;

  /**
   * Whether accounts that failed fail the deployment (their ids, contact types and reasons are listed in the
   * stack event), or are only reported.
   *
   * @default true
   */
  readonly failDeploymentOnAccountErrors?: boolean;

  /**
   * Account Management API calls per second, for the whole organization.
   *
   * @default - a little under AWS's quotas (see AccountApiRates)
   */
  readonly accountApiRates?: AccountApiRates;

  /**
   * Concurrent workers (Lambda invocations consuming the work queue, 2 to 1,000). The rates are divided among
   * them, so more workers do not mean more calls per second.
   *
   * @default 2
   */
  readonly maxConcurrency?: number;

  /**
   * A topic told about every run with failed accounts (account ids, contact types, masked reasons).
   *
   * @default - no notification: failures are in the log, the metrics and the results table
   */
  readonly failureTopic?: sns.ITopic;

  /**
   * How long per-account results are kept in the results table.
   *
   * @default Duration.days(90)
   */
  readonly resultRetention?: Duration;

  /**
   * The management account id, to narrow the role's Account Management and Organizations resource ARNs.
   *
   * @default - any management account (the ARNs still name member accounts of an organization only)
   */
  readonly managementAccountId?: string;
}

const MAX_WAIT = Duration.minutes(55);
const FUNCTION_TIMEOUT = Duration.minutes(15);

/**
 * The contacts of every account of an AWS Organization, now and later, deployed once in the management account
 * or in the delegated administrator account for AWS Account Management.
 *
 * The declaration is stored as an S3 asset, so the stack has the same resources and about the same template
 * size for 10 or 5,000 accounts and overrides. A deployment checks the prerequisites, lists the accounts in
 * scope, queues one message per account on SQS and waits; workers (the same function, consuming the queue with
 * bounded concurrency and a client-side rate limit per API operation) read each contact and write only what
 * differs, and record each account's result in DynamoDB. New accounts are applied when they join, and a
 * scheduled reconciliation repairs drift.
 *
 * @example
 * new OrganizationContacts(this, 'OrganizationContacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 *   billing: {
 *     name: 'Cloud Finance',
 *     title: 'Accounts payable',
 *     emailAddress: 'aws-billing@example.com',
 *     phoneNumber: '+1 206 555 0101',
 *   },
 *   excludeAccountIds: ['999988887777'],
 * });
 */
export class OrganizationContacts extends Construct {
  /** The function that coordinates runs and applies accounts. */
  public readonly function: lambda.IFunction;
  /** The queue of per-account work. */
  public readonly workQueue: sqs.IQueue;
  /** Where messages go after their last delivery failed (machinery failures, not account failures). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Each run's summary and per-account results (no contact values). */
  public readonly resultsTable: dynamodb.ITable;
  /** The custom resource whose deployment waits for the first full apply. */
  public readonly resource: CustomResource;
  /** The metric namespace. */
  public readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: OrganizationContactsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const wait = props.deploymentWait ?? Duration.minutes(50);
    const maxConcurrency = props.maxConcurrency ?? 2;
    const declaration: OrganizationDeclaration = {
      version: 1,
      constructPath: this.node.path,
      defaults: { security: props.security, billing: props.billing, operations: props.operations, contactInformation: props.contactInformation },
      accountIds: props.accountIds,
      organizationalUnitIds: props.organizationalUnitIds,
      excludeAccountIds: props.excludeAccountIds ?? [],
      organizationalUnitOverrides: props.organizationalUnitOverrides ?? [],
      accountOverrides: props.accountOverrides ?? [],
    };
    const rates = workerRates(props.accountApiRates ?? {}, maxConcurrency);

    registerProblems(this, () => [
      ...validateOrganizationDeclaration(declaration, { isUnresolved }),
      ...tokenProblems({ ...declaration.defaults, ...declaration, defaults: undefined, constructPath: undefined }),
      ...settingProblems(props, removalPolicy, wait, maxConcurrency),
    ]);
    warnAbout(this, adviseOnAlternateContacts(props, isUnresolved));
    if (props.newAccountEvents !== false && !Token.isUnresolved(stack.region) && stack.region !== 'us-east-1') {
      warnAbout(this, [{
        id: 'organizationEventsOutsideUsEast1',
        message: `AWS Organizations delivers its events (CreateAccountResult, AcceptHandshake) to EventBridge in us-east-1 only, and this stack is in ${stack.region}: new accounts are covered by Control Tower's event if this is its home Region, else by the next reconciliation`,
      }]);
    }

    // The declaration (contacts: personal data) is an S3 asset, read by the function only, never in the template.
    const asset = new s3assets.Asset(this, 'Declaration', { path: writeDeclaration(declaration) });

    const table = new dynamodb.Table(this, 'Results', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.resultsTable = table;

    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const queue = new sqs.Queue(this, 'WorkQueue', {
      // At least the function's timeout, so that a message is not delivered twice while a worker still holds it.
      visibilityTimeout: Duration.minutes(20),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
    });
    this.workQueue = queue;
    this.deadLetterQueue = deadLetterQueue;

    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-account-contacts: applies the declared contacts to the accounts of the organization',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    this.grantOrganizationsReads(role, props.managementAccountId);
    this.grantAccountManagement(role, declaration, removalPolicy, props.managementAccountId);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [table.tableArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    // The declaration object only (not the whole assets bucket).
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)] }));
    props.failureTopic?.grantPublish(role);

    this.metricNamespace = DEFAULT_METRIC_NAMESPACE;
    const fn = new OrganizationContactsFunction(this, 'Function', {
      description: 'cdk-account-contacts: applies the declared contacts to every account of the organization',
      role,
      logGroup,
      timeout: FUNCTION_TIMEOUT,
      memorySize: 512,
      environment: {
        [ORGANIZATION_ENVIRONMENT.TABLE_NAME]: table.tableName,
        [ORGANIZATION_ENVIRONMENT.QUEUE_URL]: queue.queueUrl,
        [ORGANIZATION_ENVIRONMENT.DECLARATION_BUCKET]: asset.s3BucketName,
        [ORGANIZATION_ENVIRONMENT.DECLARATION_KEY]: asset.s3ObjectKey,
        [ORGANIZATION_ENVIRONMENT.WORKER_RATES]: JSON.stringify(rates),
        [ORGANIZATION_ENVIRONMENT.METRIC_NAMESPACE]: this.metricNamespace,
        [ORGANIZATION_ENVIRONMENT.CONSTRUCT_PATH]: this.node.path,
        [ORGANIZATION_ENVIRONMENT.RESULT_RETENTION_DAYS]: String((props.resultRetention ?? Duration.days(90)).toDays()),
        ...(props.failureTopic ? { [ORGANIZATION_ENVIRONMENT.FAILURE_TOPIC_ARN]: props.failureTopic.topicArn } : {}),
      },
    });
    this.function = fn;

    queue.grantConsumeMessages(role);
    const consumer = new lambda.EventSourceMapping(this, 'WorkQueueConsumer', {
      target: fn,
      eventSourceArn: queue.queueArn,
      batchSize: 10,
      // An invalid value is reported by the validation above, with the construct path.
      maxConcurrency: Math.min(1000, Math.max(2, maxConcurrency)),
      reportBatchItemFailures: true,
    });
    // The mapping needs the consume permission before it is created.
    consumer.node.addDependency(role);

    if (props.reconciliation !== false) {
      new events.Rule(this, 'Reconciliation', {
        description: 'cdk-account-contacts: applies the declared contacts to every account again (repairs drift)',
        schedule: props.reconciliationSchedule ?? events.Schedule.rate(Duration.days(1)),
        targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject(RECONCILIATION_INPUT), retryAttempts: 4 })],
      });
    }
    if (props.newAccountEvents !== false) {
      const target = new targets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(2) });
      new events.Rule(this, 'AccountCreated', {
        description: 'cdk-account-contacts: a new account was created in the organization (Organizations, us-east-1)',
        eventPattern: {
          source: ['aws.organizations'],
          detailType: CLOUDTRAIL_DETAIL_TYPES,
          detail: { eventName: ['CreateAccountResult'], serviceEventDetails: { createAccountStatus: { state: ['SUCCEEDED'] } } },
        },
        targets: [target],
      });
      new events.Rule(this, 'AccountJoined', {
        description: 'cdk-account-contacts: an invited account accepted the handshake and joined (Organizations, us-east-1)',
        eventPattern: { source: ['aws.organizations'], detailType: CLOUDTRAIL_DETAIL_TYPES, detail: { eventName: ['AcceptHandshake'] } },
        targets: [target],
      });
      new events.Rule(this, 'ManagedAccountCreated', {
        description: 'cdk-account-contacts: Control Tower enrolled a new account (delivered in its home Region)',
        eventPattern: {
          source: ['aws.controltower'],
          detailType: CLOUDTRAIL_DETAIL_TYPES,
          detail: { eventName: ['CreateManagedAccount'], serviceEventDetails: { createManagedAccountStatus: { state: ['SUCCEEDED'] } } },
        },
        targets: [target],
      });
    }

    const properties: OrganizationContactsResourceProperties = {
      ConstructPath: this.node.path,
      DeclarationKey: asset.s3ObjectKey,
      WaitSeconds: String(wait.toSeconds()),
      FailOnAccountErrors: String(props.failDeploymentOnAccountErrors ?? true),
      RemovalPolicy: removalPolicy === RemovalPolicy.DESTROY ? 'DESTROY' : 'RETAIN',
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: ORGANIZATION_CONTACTS_RESOURCE_TYPE,
      properties: { ...properties },
      removalPolicy,
      // CloudFormation waits for the run up to the deployment wait, plus a margin for the answer.
      serviceTimeout: Duration.seconds(Math.min(3600, wait.toSeconds() + 300)),
    });
    // Workers must be consuming before the run starts, and the run's deadline message must find them.
    this.resource.node.addDependency(consumer);
    // Its claim (see ORGANIZATION_CLAIMS_PATH): a Delete deletes contacts only when no other OrganizationContacts
    // resource declares them, so that renaming or moving the construct under DESTROY keeps them.
    const resource = this.resource.node.defaultChild as CfnResource;
    const claimArn = (name: string) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      resources: [claimArn(claimParameterName(ORGANIZATION_CLAIMS_PATH, stack.stackName, resource.logicalId))],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParametersByPath'], resources: [claimArn(ORGANIZATION_CLAIMS_PATH)] }));
  }

  /** Accounts where at least one contact was written, per period. */
  public metricAccountsApplied(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(OrganizationMetric.ACCOUNTS_APPLIED, props);
  }

  /** Accounts that already held the declared contacts, per period. */
  public metricAccountsUnchanged(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(OrganizationMetric.ACCOUNTS_UNCHANGED, props);
  }

  /** Accounts where at least one contact could not be applied, per period: alarm on it. */
  public metricAccountsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(OrganizationMetric.ACCOUNTS_FAILED, props);
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricNamespace,
      metricName,
      dimensionsMap: { [METRIC_DIMENSION]: this.node.path },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
      ...props,
    });
  }

  /**
   * Organizations reads: the tree walk and one account's place on resource ARNs; the prerequisite checks on `*`
   * (those actions have no resource type).
   */
  private grantOrganizationsReads(role: iam.IRole, managementAccountId: string | undefined): void {
    const stack = Stack.of(this);
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
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['organizations:DescribeAccount'], resources: [arn('account/o-*/*')] }));
  }

  /**
   * Account Management: member accounts' ARNs (`account/o-*\/*`) and the caller's own account, for the declared
   * contact types only.
   */
  private grantAccountManagement(
    role: iam.IRole,
    declaration: OrganizationDeclaration,
    removalPolicy: RemovalPolicy,
    managementAccountId: string | undefined,
  ): void {
    const stack = Stack.of(this);
    const resources = [
      ownAccountArn(stack),
      // Every member account, including accounts that join later.
      memberAccountArn(stack, '*', managementAccountId),
    ];
    const actions = ['account:GetAlternateContact', 'account:PutAlternateContact'];
    if (removalPolicy === RemovalPolicy.DESTROY) {
      actions.push('account:DeleteAlternateContact');
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions,
      resources,
      conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': managedAlternateContactTypes(declaration) } },
    }));
    if (managesContactInformation(declaration)) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['account:GetContactInformation', 'account:PutContactInformation'], resources }));
    }
  }
}

/** The organization-wide rates, divided among the concurrent workers. */
function workerRates(rates: AccountApiRates, maxConcurrency: number): Record<string, OperationRate> {
  const perSecond: Record<string, number | undefined> = {
    PutAlternateContact: rates.alternateContactWritesPerSecond,
    GetAlternateContact: rates.alternateContactReadsPerSecond,
    DeleteAlternateContact: rates.alternateContactDeletesPerSecond,
    PutContactInformation: rates.contactInformationWritesPerSecond,
    GetContactInformation: rates.contactInformationReadsPerSecond,
  };
  const workers = Math.max(1, Math.floor(maxConcurrency));
  return Object.fromEntries(Object.entries(DEFAULT_OPERATION_RATES).map(([operation, defaults]) => {
    const total = perSecond[operation] ?? defaults.perSecond;
    // The burst keeps the default's ratio to the rate.
    const burst = Math.max(1, Math.floor((total * (defaults.burst / defaults.perSecond)) / workers));
    return [operation, { perSecond: total / workers, burst }];
  }));
}

function settingProblems(
  props: OrganizationContactsProps,
  removalPolicy: RemovalPolicy,
  wait: Duration,
  maxConcurrency: number,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (removalPolicy !== RemovalPolicy.RETAIN && removalPolicy !== RemovalPolicy.DESTROY) {
    problems.push({ field: 'removalPolicy', message: `removalPolicy ${removalPolicy} is not supported: use RETAIN (contacts stay) or DESTROY (declared alternate contacts are deleted)` });
  }
  if (!wait.isUnresolved() && wait.toSeconds() > MAX_WAIT.toSeconds()) {
    problems.push({ field: 'deploymentWait', message: `deploymentWait ${wait.toHumanString()} is too long: at most 55 minutes (CloudFormation waits at most one hour for a custom resource)` });
  }
  if (!Token.isUnresolved(maxConcurrency) && (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000)) {
    problems.push({ field: 'maxConcurrency', message: `maxConcurrency ${maxConcurrency} must be a whole number from 2 to 1000 (SQS event source maximum concurrency)` });
  }
  for (const [name, value] of Object.entries(props.accountApiRates ?? {})) {
    if (typeof value === 'number' && !(value > 0)) {
      problems.push({ field: `accountApiRates.${name}`, message: `accountApiRates.${name} ${value} must be above 0 calls per second` });
    }
  }
  if (props.managementAccountId !== undefined && !Token.isUnresolved(props.managementAccountId) && !/^\d{12}$/.test(props.managementAccountId)) {
    problems.push({ field: 'managementAccountId', message: `managementAccountId '${props.managementAccountId}' must be a 12-digit account id` });
  }
  return problems;
}

/**
 * The declaration is stored as a file (an S3 asset), which CloudFormation does not resolve: values must be known
 * at synth time.
 */
function tokenProblems(value: unknown, field = ''): ValidationProblem[] {
  if (typeof value === 'string' && Token.isUnresolved(value)) {
    return [{
      field,
      message: `${field} is a token (a value known only at deploy time): OrganizationContacts stores its declaration as an S3 asset, which CloudFormation does not resolve; use a value known at synth time (e.g. ssm.StringParameter.valueFromLookup) or SecurityContacts, which accepts tokens`,
    }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => tokenProblems(item, `${field}[${index}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => tokenProblems(item, field === '' ? key : `${field}.${key}`));
  }
  return [];
}

/** Writes the declaration to a fresh directory; the asset's hash follows its content. */
function writeDeclaration(declaration: OrganizationDeclaration): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'organization-contacts-')), 'declaration.json');
  fs.writeFileSync(file, JSON.stringify(declaration));
  return file;
}
