import { CfnResource, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AccountApiRates } from './account-api-rates';
import { ContactLock } from './contact-lock';
import { ContactRemoval } from './contact-removal';
import { divideAmongWorkers } from './contacts/api-quotas';
import { PARAMETER_CONTACT_PROPERTIES } from './contacts/contact-parameters';
import { ORGANIZATION_CONTACTS_LIST_NAMES, OrganizationDeclaration, scopeDeclaration, usesAccountTags } from './contacts/organization-declaration';
import {
  ACCOUNT_SELECTION_SHAPE,
  CONTACTS_OVERRIDES_SHAPE,
  CONTACT_PARAMETERS_SHAPE,
  DECLARED_CONTACTS_FIELDS,
  PROP_SHAPES,
  PropKind,
  PropShape,
  assertPropsShape,
  structShape,
} from './contacts/props-shape';
import { ratesByOperation } from './function-wiring/account-api-rates-by-operation';
import { OrganizationContactsFunction } from './function-wiring/organization-contacts-function';
import { addOrganizationRules, outsideChangeEnvironment } from './function-wiring/organization-contacts-rules';
import { declarationAsset } from './function-wiring/organization-declaration-asset';
import { contactParameterStatements, parameterChangePattern, parameterNames } from './iam/contact-parameter-access';
import { grantOrganizationClaims, grantOrganizationContactsPermissions } from './iam/organization-contacts-permissions';
import { OrganizationContactsProps, OutsideChangeOptions, RunOptions, RunTriggerOptions, SafetyOptions } from './organization-contacts-props';
import { OutsideChangeAction } from './outside-change-action';
import {
  DEFAULT_METRIC_NAMESPACE,
  METRIC_DIMENSION,
  ORGANIZATION_CONTACTS_RESOURCE_TYPE,
  ORGANIZATION_ENVIRONMENT,
  OrganizationContactsResourceProperties,
  OrganizationMetric,
} from './protocol/organization-resource';
import { addContactLock } from './service-control-policy/contact-lock-policy';
import { registerOrganizationOwner } from './synth-checks/contact-ownership';
import { checkOrganizationContactsAtSynth } from './synth-checks/organization-contacts-synth-checks';

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
 *   accountSelection: { excludeAccountIds: ['999988887777'] },
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
  /** The contact lock's service control policy, when `contactLock` is given. */
  public readonly contactLock?: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: OrganizationContactsProps) {
    super(scope, id);
    assertPropsShape(this.node.path, props, PROPS_SHAPE);
    const selection = props.accountSelection ?? {};
    const overrides = props.overrides ?? {};
    const safety = props.safety ?? {};
    const runs = props.runs ?? {};
    const removal = props.removal ?? ContactRemoval.RETAIN;
    const restoresPrevious = removal === ContactRemoval.RESTORE_PREVIOUS;
    const wait = runs.deploymentWait ?? Duration.minutes(50);
    const maxConcurrency = runs.maxConcurrency ?? 2;
    const contactParameters = props.contactParameters ?? {};
    const defaultParameterNames = parameterNames(contactParameters);
    const defaultsFromParameters = PARAMETER_CONTACT_PROPERTIES.filter((property) => defaultParameterNames[property] !== undefined);
    const declaration: OrganizationDeclaration = {
      version: 1,
      constructPath: this.node.path,
      defaults: { security: props.security, billing: props.billing, operations: props.operations, contactInformation: props.contactInformation },
      // Which defaults the function reads from parameters; their names (tokens, maybe) are in its environment.
      ...(defaultsFromParameters.length > 0 ? { defaultsFromParameters } : {}),
      ...scopeDeclaration(selection, overrides),
    };
    const settings = {
      removal,
      deploymentWait: wait,
      maxConcurrency,
      accountApiRates: { ...runs.accountApiRates },
      maxAccountChanges: safety.maxAccountChanges,
      managementAccountId: runs.managementAccountId,
    };
    checkOrganizationContactsAtSynth(this, props, declaration, settings);
    registerOrganizationOwner(this, declaration);

    const asset = declarationAsset(this, 'Declaration', declaration);
    this.resultsTable = new dynamodb.Table(this, 'Results', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
      // Snapshots are contacts (personal data): a KMS key, not only the default encryption.
      ...(restoresPrevious ? { encryption: dynamodb.TableEncryption.AWS_MANAGED } : {}),
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.workQueue = new sqs.Queue(this, 'WorkQueue', {
      // At least the function's timeout, so that a message is not delivered twice while a worker still holds it.
      visibilityTimeout: Duration.minutes(20),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-account-contacts: applies the declared contacts to the accounts of the organization',
    });
    const checkPrimaryEmail = runs.checkPrimaryEmail ?? true;
    const writes = grantOrganizationContactsPermissions(this, role, {
      declaration,
      // Restoring deletes where an account held nothing: it needs DESTROY's delete permissions.
      deletesOnRemoval: removal !== ContactRemoval.RETAIN,
      managementAccountId: runs.managementAccountId,
      logGroup,
      resultsTable: this.resultsTable,
      workQueue: this.workQueue,
      declarationAsset: asset,
      failureTopic: runs.failureTopic,
      restoresLeavingAccounts: restoresPrevious,
      readsPrimaryEmails: checkPrimaryEmail,
    });

    this.metricNamespace = DEFAULT_METRIC_NAMESPACE;
    // The organization-wide rates, divided among the concurrent workers.
    const workerRates = divideAmongWorkers(ratesByOperation(runs.accountApiRates ?? {}), maxConcurrency);
    const fn = new OrganizationContactsFunction(this, 'Function', {
      description: 'cdk-account-contacts: applies the declared contacts to every account of the organization',
      role,
      logGroup,
      timeout: FUNCTION_TIMEOUT,
      memorySize: 512,
      environment: {
        [ORGANIZATION_ENVIRONMENT.TABLE_NAME]: this.resultsTable.tableName,
        [ORGANIZATION_ENVIRONMENT.QUEUE_URL]: this.workQueue.queueUrl,
        [ORGANIZATION_ENVIRONMENT.DECLARATION_BUCKET]: asset.s3BucketName,
        [ORGANIZATION_ENVIRONMENT.DECLARATION_KEY]: asset.s3ObjectKey,
        [ORGANIZATION_ENVIRONMENT.WORKER_RATES]: JSON.stringify(workerRates),
        [ORGANIZATION_ENVIRONMENT.METRIC_NAMESPACE]: this.metricNamespace,
        [ORGANIZATION_ENVIRONMENT.CONSTRUCT_PATH]: this.node.path,
        [ORGANIZATION_ENVIRONMENT.RESULT_RETENTION_DAYS]: String((runs.resultRetention ?? Duration.days(90)).toDays()),
        ...(runs.failureTopic ? { [ORGANIZATION_ENVIRONMENT.FAILURE_TOPIC_ARN]: runs.failureTopic.topicArn } : {}),
        ...outsideChangeEnvironment(role, props),
        ...(safety.dryRun ? { [ORGANIZATION_ENVIRONMENT.DRY_RUN]: 'true' } : {}),
        ...(restoresPrevious ? { [ORGANIZATION_ENVIRONMENT.RESTORE_SNAPSHOTS]: 'true' } : {}),
        ...(checkPrimaryEmail ? { [ORGANIZATION_ENVIRONMENT.CHECK_PRIMARY_EMAIL]: '1' } : {}),
        ...(defaultsFromParameters.length > 0
          ? { [ORGANIZATION_ENVIRONMENT.CONTACT_PARAMETERS]: Stack.of(this).toJsonString(defaultParameterNames) }
          : {}),
      },
    });
    this.function = fn;
    // Lambda tries an asynchronous invocation (CloudFormation's request, an EventBridge event) three times. An event
    // whose every attempt failed goes to the work queue and is handled again there, instead of being dropped: a
    // deployment whose invocations were all killed before its watchdog was queued is still answered.
    fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(this.workQueue) });

    this.workQueue.grantConsumeMessages(role);
    const consumer = new lambda.EventSourceMapping(this, 'WorkQueueConsumer', {
      target: fn,
      eventSourceArn: this.workQueue.queueArn,
      batchSize: 10,
      // An invalid value is reported by the validation above, with the construct path.
      maxConcurrency: Math.min(1000, Math.max(2, maxConcurrency)),
      reportBatchItemFailures: true,
    });
    // The mapping needs the consume permission before it is created.
    consumer.node.addDependency(role);
    addOrganizationRules(this, fn, props, role, usesAccountTags(declaration));
    const parameters = Object.values(contactParameters).filter((parameter): parameter is ssm.IParameter => parameter !== undefined);
    if (parameters.length > 0) {
      contactParameterStatements(Stack.of(this), parameters, { versions: true }).forEach((statement) => role.addToPrincipalPolicy(statement));
      // A new version of a parameter is applied to every account in scope: a run, as the reconciliation starts one.
      new events.Rule(this, 'ContactParameterChanged', {
        description: 'cdk-account-contacts: a default contact changed in its SSM parameter; applies it to every account in scope',
        eventPattern: parameterChangePattern(parameters),
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(2) })],
      });
    }
    // The failure topic, the outside changes' default, is granted with the role's other permissions.
    if (props.outsideChanges?.action !== OutsideChangeAction.IGNORE) {
      props.outsideChanges?.topic?.grantPublish(role);
    }
    if (props.outsideChanges?.contactLock) {
      this.contactLock = addContactLock(this, role, props.outsideChanges.contactLock);
    }

    const properties: OrganizationContactsResourceProperties = {
      ConstructPath: this.node.path,
      DeclarationKey: asset.s3ObjectKey,
      WaitSeconds: String(wait.toSeconds()),
      FailOnAccountErrors: String(safety.failDeploymentOnAccountErrors ?? true),
      RemovalPolicy: REMOVAL_POLICY_PROPERTY[removal.name] ?? 'RETAIN',
      ...(safety.dryRun ? { DryRun: 'true' } : {}),
      ...(safety.maxAccountChanges !== undefined ? { MaxAccountChanges: String(safety.maxAccountChanges) } : {}),
      ...(defaultsFromParameters.length > 0 ? { ContactParameters: Stack.of(this).toJsonString(defaultParameterNames) } : {}),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: ORGANIZATION_CONTACTS_RESOURCE_TYPE,
      properties: { ...properties },
      // Always sent the Delete: the function keeps the contacts under RETAIN, and releases the resource's claim so
      // that a construct that is gone keeps no later OrganizationContacts from deleting on its own removal.
      removalPolicy: RemovalPolicy.DESTROY,
      // CloudFormation waits for the run up to the deployment wait, plus a margin for the answer.
      serviceTimeout: Duration.seconds(Math.min(3600, wait.toSeconds() + 300)),
    });
    // Workers must be consuming before the run starts, and the run's deadline message must find them; the run's
    // writes need their policies.
    this.resource.node.addDependency(consumer, ...writes.policies);
    grantOrganizationClaims(role, this.resource.node.defaultChild as CfnResource);
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

  /**
   * Accounts whose primary email looks like one person's mailbox, per period (`runs.checkPrimaryEmail`): a CIS
   * "maintain current contact details" finding that the construct reports and never fixes.
   */
  public metricAccountsWithPersonalPrimaryEmail(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(OrganizationMetric.ACCOUNTS_WITH_PERSONAL_PRIMARY_EMAIL, props);
  }

  /**
   * Accounts in scope that were left alone because they are not ACTIVE (suspended, closing or closed, or not
   * activated yet), per period.
   */
  public metricAccountsSkipped(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(OrganizationMetric.ACCOUNTS_SKIPPED, props);
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
}

/** The deployment's `RemovalPolicy` property, by removal (the function's protocol keeps its first names). */
const REMOVAL_POLICY_PROPERTY: Record<string, OrganizationContactsResourceProperties['RemovalPolicy']> = {
  RETAIN: 'RETAIN',
  DESTROY: 'DESTROY',
  RESTORE_PREVIOUS: 'RESTORE',
};

/** The flat props of 0.x and where each is now (the lists' places are the declaration's one table). */
const MOVED_PROPS: Record<string, string> = {
  ...ORGANIZATION_CONTACTS_LIST_NAMES,
  removalPolicy: 'removal (ContactRemoval.RETAIN or ContactRemoval.DESTROY)',
  restorePreviousContacts: 'removal (ContactRemoval.RESTORE_PREVIOUS)',
  dryRun: 'safety.dryRun',
  maxAccountChanges: 'safety.maxAccountChanges',
  failDeploymentOnAccountErrors: 'safety.failDeploymentOnAccountErrors',
  onOutsideChange: 'outsideChanges.action',
  outsideChangeTopic: 'outsideChanges.topic',
  contactLock: 'outsideChanges.contactLock',
  reconciliation: 'triggers.reconciliation',
  reconciliationSchedule: 'triggers.reconciliationSchedule',
  newAccountEvents: 'triggers.newAccountEvents',
  accountMovedEvents: 'triggers.accountMovedEvents',
  accountTagEvents: 'triggers.accountTagEvents',
  deploymentWait: 'runs.deploymentWait',
  maxConcurrency: 'runs.maxConcurrency',
  accountApiRates: 'runs.accountApiRates',
  failureTopic: 'runs.failureTopic',
  resultRetention: 'runs.resultRetention',
  managementAccountId: 'runs.managementAccountId',
};

const { VALUE, LIST } = PROP_SHAPES;
const group = <T>(name: string, fields: Record<keyof T & string, PropShape>): PropShape => ({
  kind: PropKind.OBJECT,
  fields: structShape<T>(name, fields),
});
const PROPS_SHAPE = structShape<OrganizationContactsProps>(
  'OrganizationContactsProps',
  {
    ...DECLARED_CONTACTS_FIELDS,
    contactParameters: CONTACT_PARAMETERS_SHAPE,
    accountSelection: ACCOUNT_SELECTION_SHAPE,
    overrides: CONTACTS_OVERRIDES_SHAPE,
    safety: group<SafetyOptions>('SafetyOptions', { dryRun: VALUE, maxAccountChanges: VALUE, failDeploymentOnAccountErrors: VALUE }),
    outsideChanges: group<OutsideChangeOptions>('OutsideChangeOptions', {
      action: VALUE,
      topic: VALUE,
      contactLock: group<ContactLock>('ContactLock', { targetIds: LIST, exemptPrincipalArns: LIST }),
    }),
    triggers: group<RunTriggerOptions>('RunTriggerOptions', {
      reconciliation: VALUE,
      reconciliationSchedule: VALUE,
      newAccountEvents: VALUE,
      accountMovedEvents: VALUE,
      accountTagEvents: VALUE,
    }),
    runs: group<RunOptions>('RunOptions', {
      deploymentWait: VALUE,
      maxConcurrency: VALUE,
      accountApiRates: group<AccountApiRates>('AccountApiRates', {
        alternateContactWritesPerSecond: VALUE,
        alternateContactReadsPerSecond: VALUE,
        alternateContactDeletesPerSecond: VALUE,
        contactInformationWritesPerSecond: VALUE,
        contactInformationReadsPerSecond: VALUE,
        primaryEmailReadsPerSecond: VALUE,
      }),
      checkPrimaryEmail: VALUE,
      failureTopic: VALUE,
      resultRetention: VALUE,
      managementAccountId: VALUE,
    }),
    removal: VALUE,
  },
  MOVED_PROPS,
);
