import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContactRemoval, OrganizationContacts, OrganizationContactsProps, OutsideChangeAction } from '../src';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from './support/contacts-fixtures';
import { OrganizationDeclaration } from '../src/contacts/organization-declaration';

const ENV = { account: '111122223333', region: 'us-east-1' };

function newStack(env: { account: string; region: string } = ENV): Stack {
  return new Stack(new App(), 'Stack', { env });
}

function accountOverrides(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    accountId: String(100000000000 + index),
    security: { ...SECURITY, name: `Team ${index} Security`, emailAddress: `team-${index}-security@example.com` },
  }));
}

/** The declaration the construct wrote as its S3 asset, read back from the cloud assembly. */
function declarationOf(stack: Stack): OrganizationDeclaration {
  const assembly = (stack.node.root as App).synth();
  const template = Template.fromStack(stack).toJSON();
  const resource = Object.values<{ Type: string; Properties: { DeclarationKey: string } }>(template.Resources).find(
    (candidate) => candidate.Type === 'Custom::OrganizationContacts',
  )!;
  const hash = resource.Properties.DeclarationKey.replace(/\.json$/, '');
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, `asset.${hash}.json`), 'utf8'));
}

test("the function may write and delete only its own resource's organization claim, and list the others", () => {
  const stack = newStack();
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, removal: ContactRemoval.DESTROY });
  const template = Template.fromStack(stack);
  const [logicalId] = Object.keys(template.findResources('Custom::OrganizationContacts'));
  const ssmArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:111122223333:parameter/${name}`]] });
  // A claim is named after the running stack (AWS::StackName): a StackSet instance's name is not the synthesized one.
  const claimArn = (claims: string, resourceId: string) => ({
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:111122223333:parameter/${claims}/`, { Ref: 'AWS::StackName' }, `.${resourceId}`],
    ],
  });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
          Resource: claimArn('cdk-account-contacts/claims/organization', logicalId),
        },
        { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: ssmArn('cdk-account-contacts/claims/organization') },
      ]),
    },
  });
});

test('no work message is delivered again while a worker may still work on it: visibility timeout > function timeout + batching window', () => {
  const stack = newStack();
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
  const template = Template.fromStack(stack);
  const functionTimeout = Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Timeout as number;
  const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0].Properties;
  const workQueue = Object.values(template.findResources('AWS::SQS::Queue')).find((queue) => queue.Properties.RedrivePolicy)!;
  expect(workQueue.Properties.VisibilityTimeout).toBeGreaterThan(functionTimeout + (mapping.MaximumBatchingWindowInSeconds ?? 0));
});

test('an asynchronous invocation that fails every attempt is not dropped: Lambda sends its record to the work queue', () => {
  const stack = newStack();
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
  const template = Template.fromStack(stack);
  const workQueueId = Object.entries(template.findResources('AWS::SQS::Queue')).find(([, queue]) => queue.Properties.RedrivePolicy)![0];
  template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: Match.stringLikeRegexp('^ContactsFunction') },
    Qualifier: '$LATEST',
    MaximumRetryAttempts: 2,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [workQueueId, 'Arn'] } } },
  });
  // Lambda sends the record with the function's role: it may send to the work queue (and to no other queue).
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  const sends = statements.filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'));
  expect(sends.length).toBeGreaterThan(0);
  for (const statement of sends) {
    expect(statement.Resource).toEqual({ 'Fn::GetAtt': [workQueueId, 'Arn'] });
  }
});

describe('resources', () => {
  test('a fixed set of resources: queue with dead-letter queue, results table, one function consuming the queue, rules, the custom resource', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    // Reconciliation, three new-account rules, MoveAccount, outside contact changes.
    template.resourceCountIs('AWS::Events::Rule', 6);
    template.resourceCountIs('Custom::OrganizationContacts', 1);
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Timeout: 900, MemorySize: 512 });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 1200,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ContactsDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('the resource count and the template size do not grow with the overrides: they live in the S3 asset', () => {
    const sizes = [10, 5_000].map((count) => {
      const stack = newStack();
      new OrganizationContacts(stack, 'Contacts', {
        security: SECURITY,
        billing: BILLING,
        overrides: { accounts: accountOverrides(count) },
      });
      const template = Template.fromStack(stack).toJSON();
      return { resources: Object.keys(template.Resources).length, bytes: JSON.stringify(template).length, declaration: declarationOf(stack) };
    });
    expect(sizes[1].resources).toBe(sizes[0].resources);
    // Only the asset hash differs; far below CloudFormation's 1 MB.
    expect(sizes[1].bytes).toBe(sizes[0].bytes);
    expect(sizes[1].bytes).toBeLessThan(20_000);
    expect(sizes[1].declaration.accountOverrides).toHaveLength(5_000);
    expect(sizes[1].declaration.accountOverrides[4_999].security!.emailAddress).toBe('team-4999-security@example.com');
  });

  test('no contact reaches the template: the custom resource holds the declaration key, the wait and the removal policy only', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY, contactInformation: PRIMARY });
    const template = Template.fromStack(stack);
    const text = JSON.stringify(template.toJSON());
    for (const value of [SECURITY.emailAddress, SECURITY.phoneNumber, SECURITY.name, PRIMARY.addressLine1]) {
      expect(text).not.toContain(value);
    }
    template.hasResource('Custom::OrganizationContacts', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ContactsFunction'), 'Arn'] },
        ServiceTimeout: '3300',
        ConstructPath: 'Stack/Contacts',
        DeclarationKey: Match.stringLikeRegexp('^[0-9a-f]{64}\\.json$'),
        WaitSeconds: '3000',
        FailOnAccountErrors: 'true',
        RemovalPolicy: 'RETAIN',
      },
      // RETAIN is kept by the function; CloudFormation still sends the Delete, which releases the resource's claim.
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ContactsWorkQueueConsumer')]),
    });
    expect(declarationOf(stack)).toEqual({
      version: 1,
      constructPath: 'Stack/Contacts',
      defaults: { security: SECURITY, contactInformation: PRIMARY },
      excludeAccountIds: [],
      organizationalUnitOverrides: [],
      accountOverrides: [],
    });
  });

  test('the function knows its queue, table, declaration and its share of the rates', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', {
      security: SECURITY,
      runs: { maxConcurrency: 4, accountApiRates: { alternateContactWritesPerSecond: 100 } },
    });
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }>;
    const environment = functions[0].Properties.Environment.Variables;
    expect(environment).toMatchObject({
      RESULTS_TABLE_NAME: { Ref: expect.stringMatching(/^ContactsResults/) },
      WORK_QUEUE_URL: { Ref: expect.stringMatching(/^ContactsWorkQueue/) },
      DECLARATION_KEY: expect.stringMatching(/\.json$/),
      CONSTRUCT_PATH: 'Stack/Contacts',
      METRIC_NAMESPACE: 'CdkAccountContacts',
      RESULT_RETENTION_DAYS: '90',
    });
    const rates = JSON.parse(environment.WORKER_RATES as string);
    // 100/s shared by 4 workers; the defaults (AWS's quotas) divided the same way, and so is AWS's burst.
    expect(rates.PutAlternateContact).toEqual({ perSecond: 25, burst: 40 });
    expect(rates.GetAlternateContact).toEqual({ perSecond: 2.5, burst: 3 });
    expect(rates.DeleteAlternateContact).toEqual({ perSecond: 0.25, burst: 1 });
    // The primary email check: on by default, at GetPrimaryEmail's 3/s shared by the workers.
    expect(environment.CHECK_PRIMARY_EMAIL).toBe('1');
    expect(rates.GetPrimaryEmail).toEqual({ perSecond: 0.75, burst: 1 });
  });
});

describe('events', () => {
  test('new accounts: CreateAccountResult (SUCCEEDED) and AcceptHandshake from Organizations, CreateManagedAccount from Control Tower, both CloudTrail detail types', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
    const template = Template.fromStack(stack);
    const detailType = ['AWS Service Event via CloudTrail', 'AWS API Call via CloudTrail'];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.organizations'],
        'detail-type': detailType,
        detail: { eventName: ['CreateAccountResult'], serviceEventDetails: { createAccountStatus: { state: ['SUCCEEDED'] } } },
      },
      State: 'ENABLED',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.organizations'], 'detail-type': detailType, detail: { eventName: ['AcceptHandshake'] } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.controltower'],
        'detail-type': detailType,
        detail: { eventName: ['CreateManagedAccount'], serviceEventDetails: { createManagedAccountStatus: { state: ['SUCCEEDED'] } } },
      },
    });
    // Reconciliation, three lifecycle rules, MoveAccount and outside contact changes.
    template.resourceCountIs('AWS::Lambda::Permission', 6);
  });

  test('moves: a successful MoveAccount API call re-applies that account; accountMovedEvents: false leaves it to the reconciliation', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.organizations'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventName: ['MoveAccount'], errorCode: [{ exists: false }] },
      },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 } })],
    });
    const off = newStack();
    new OrganizationContacts(off, 'Contacts', { security: SECURITY, triggers: { accountMovedEvents: false } });
    expect(JSON.stringify(Template.fromStack(off).findResources('AWS::Events::Rule'))).not.toContain('MoveAccount');
  });

  test('the reconciliation runs daily by default with its own input, on the given schedule, or not at all', () => {
    const daily = newStack();
    new OrganizationContacts(daily, 'Contacts', { security: SECURITY });
    Template.fromStack(daily).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ kind: 'RECONCILIATION' }) })],
    });

    const hourly = newStack();
    new OrganizationContacts(hourly, 'Contacts', {
      security: SECURITY,
      triggers: { reconciliationSchedule: events.Schedule.cron({ minute: '15' }) },
    });
    Template.fromStack(hourly).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(15 * * * ? *)' });

    const off = newStack();
    new OrganizationContacts(off, 'Contacts', {
      security: SECURITY,
      triggers: { reconciliation: false, newAccountEvents: false, accountMovedEvents: false },
      outsideChanges: { action: OutsideChangeAction.IGNORE },
    });
    Template.fromStack(off).resourceCountIs('AWS::Events::Rule', 0);
  });

  test('outside us-east-1 a warning says that Organizations events will not arrive', () => {
    const stack = newStack({ account: '111122223333', region: 'eu-west-1' });
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Contacts',
      Match.stringLikeRegexp('us-east-1 only, and this stack is in eu-west-1.*cdk-account-contacts:organizationEventsOutsideUsEast1'),
    );
  });
});

describe('permissions', () => {
  function statements(props: Partial<OrganizationContactsProps> = {}) {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as Array<{
      Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } };
    }>;
    return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  }
  const actionsOf = (statement: Record<string, unknown>) => ([] as string[]).concat(statement.Action as string[]);

  // Account Management permissions are evaluated in test/iam/organization-contacts-permissions.test.ts.

  test('the primary email check reads member accounts only, and is neither granted nor run when it is off', () => {
    const reads = (props: Partial<OrganizationContactsProps>) =>
      statements(props).filter((statement) => actionsOf(statement).includes('account:GetPrimaryEmail'));
    const [granted] = reads({});
    expect(actionsOf(granted)).toEqual(['account:GetPrimaryEmail']);
    expect(JSON.stringify(granted.Resource)).toContain(':account/o-*/*');
    expect(reads({ runs: { checkPrimaryEmail: false } })).toEqual([]);
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY, runs: { checkPrimaryEmail: false } });
    const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }>;
    expect(fn.Properties.Environment.Variables.CHECK_PRIMARY_EMAIL).toBeUndefined();
  });

  test('Organizations reads on root, unit and account ARNs where the API has resource types; DynamoDB and SQS on their own resources', () => {
    const all = statements();
    expect(all).toContainEqual(
      expect.objectContaining({
        Action: ['organizations:ListAccountsForParent', 'organizations:ListChildren', 'organizations:ListParents'],
        Resource: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::*:root/o-*/r-*']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::*:ou/o-*/ou-*']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::*:account/o-*/*']] },
        ],
      }),
    );
    const wildcard = all.filter((statement) => statement.Resource === '*').flatMap(actionsOf);
    expect(wildcard.sort()).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListDelegatedAdministrators',
      'organizations:ListRoots',
    ]);
    expect(all).toContainEqual(
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ContactsResults/), 'Arn'] },
      }),
    );
    expect(all.flatMap(actionsOf)).not.toContain('dynamodb:Scan');
    expect(all.flatMap(actionsOf)).not.toContain('dynamodb:DeleteItem');
  });

  test('a failure topic is published to', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Failures');
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY, runs: { failureTopic: topic } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: Match.stringLikeRegexp('^Failures') } })]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FAILURE_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Failures') } }) },
    });
  });
});

describe('metrics', () => {
  test('applied, unchanged and failed accounts, by construct path', () => {
    const stack = newStack();
    const contacts = new OrganizationContacts(stack, 'Contacts', { security: SECURITY });
    const failed = contacts.metricAccountsFailed();
    expect(failed.namespace).toBe('CdkAccountContacts');
    expect(failed.metricName).toBe('AccountsFailed');
    expect(failed.dimensions).toEqual({ OrganizationContacts: 'Stack/Contacts' });
    expect(failed.statistic).toBe('Sum');
    expect(contacts.metricAccountsApplied({ period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
    expect(contacts.metricAccountsUnchanged().metricName).toBe('AccountsUnchanged');
    expect(contacts.metricAccountsSkipped().metricName).toBe('AccountsSkipped');
    expect(contacts.metricAccountsWithPersonalPrimaryEmail().metricName).toBe('AccountsWithPersonalPrimaryEmail');
  });
});

describe('validation', () => {
  const synthError = (props: Partial<OrganizationContactsProps>) => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props });
    return () => Template.fromStack(stack);
  };

  test('overrides: invalid contacts, duplicates, unit ids, and overrides that could never apply', () => {
    expect(
      synthError({
        accountSelection: { excludeAccountIds: ['222233334444'] },
        overrides: {
          accounts: [
            { accountId: '222233334444', security: SECURITY },
            { accountId: '555566667777', billing: { ...BILLING, phoneNumber: 'call me' } },
            { accountId: '555566667777', operations: OPERATIONS },
          ],
          organizationalUnits: [{ organizationalUnitId: 'workloads', security: SECURITY }, { organizationalUnitId: 'ou-ab12-abcdefgh' }],
        },
      }),
    ).toThrow(
      new RegExp(
        [
          "\\[Stack/Contacts\\] overrides\\.organizationalUnits\\[0\\]\\.organizationalUnitId 'workloads' \\(9 characters\\) does not match the AWS pattern \\^ou-\\[0-9a-z\\]\\{4,32\\}-\\[a-z0-9\\]\\{8,32\\}\\$ \\(Organizations API, OrganizationalUnit.Id\\)",
          '\\[Stack/Contacts\\] overrides\\.organizationalUnits\\[1\\] declares no contact',
          "\\[Stack/Contacts\\] overrides\\.accounts\\[0\\]\\.accountId '222233334444' is also in accountSelection.excludeAccountIds",
          "\\[Stack/Contacts\\] overrides\\.accounts\\[1\\]\\.billing\\.phoneNumber '\\*\\*\\*\\* \\*\\*' \\(7 characters, masked\\) does not match the AWS pattern",
          "\\[Stack/Contacts\\] overrides\\.accounts\\[2\\]\\.accountId '555566667777' has another override",
        ].join('[\\s\\S]*'),
      ),
    );
  });

  test('values must be known at synth time: the declaration is a file', () => {
    expect(synthError({ billing: { ...BILLING, emailAddress: Lazy.string({ produce: () => 'billing@example.com' }) } })).toThrow(
      /\[Stack\/Contacts\] billing\.emailAddress is a token \(a value known only at deploy time\): OrganizationContacts stores its declaration as an S3 asset/,
    );
  });

  test('settings, named by their group: the wait fits CloudFormation, the concurrency fits SQS, removal is a ContactRemoval', () => {
    expect(synthError({ runs: { deploymentWait: Duration.minutes(58) } })).toThrow(
      '[Stack/Contacts] runs.deploymentWait 58 minutes is too long: at most 55 minutes',
    );
    expect(synthError({ runs: { maxConcurrency: 1 } })).toThrow('[Stack/Contacts] runs.maxConcurrency 1 must be a whole number from 2 to 1000');
    expect(synthError({ removal: RemovalPolicy.SNAPSHOT as unknown as ContactRemoval })).toThrow(
      "[Stack/Contacts] removal 'snapshot' is not supported",
    );
    expect(synthError({ accountSelection: { accountIds: [] } })).toThrow('[Stack/Contacts] accountSelection.accountIds is empty: leave it out');
    expect(synthError({ runs: { accountApiRates: { alternateContactReadsPerSecond: 0 } } })).toThrow(
      '[Stack/Contacts] runs.accountApiRates.alternateContactReadsPerSecond 0 must be above 0',
    );
    // The account-id rule of the shared model, named by the prop.
    expect(synthError({ runs: { managementAccountId: '1234' } })).toThrow(
      "[Stack/Contacts] runs.managementAccountId '1234' (4 characters) does not match the AWS pattern ^\\d{12}$ (Account Management API, PutAlternateContactRequest.AccountId)",
    );
    expect(synthError({ accountSelection: { excludeAccountIds: [''] } })).toThrow(
      '[Stack/Contacts] accountSelection.excludeAccountIds[0] is empty: it must be a 12-digit account id; leave accountSelection.excludeAccountIds[0] out',
    );
  });

  test('a deployment that does not wait still answers: WaitSeconds 0 and the shortest service timeout', () => {
    const stack = newStack();
    new OrganizationContacts(stack, 'Contacts', {
      security: SECURITY,
      runs: { deploymentWait: Duration.seconds(0) },
      safety: { failDeploymentOnAccountErrors: false },
    });
    Template.fromStack(stack).hasResourceProperties('Custom::OrganizationContacts', {
      WaitSeconds: '0',
      ServiceTimeout: '300',
      FailOnAccountErrors: 'false',
    });
  });
});

test('the declaration asset does not depend on the order the props were written in (Python passes struct fields sorted)', () => {
  const keyOf = (stack: Stack) =>
    Object.values<any>(Template.fromStack(stack).findResources('Custom::OrganizationContacts'))[0].Properties.DeclarationKey;
  const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;
  const written = newStack();
  new OrganizationContacts(written, 'Contacts', {
    security: SECURITY,
    billing: BILLING,
    overrides: { accounts: [{ accountId: '222233334444', operations: OPERATIONS }] },
    accountSelection: { excludeAccountIds: ['999988887777'] },
  });
  const reordered = newStack();
  new OrganizationContacts(
    reordered,
    'Contacts',
    reversed({
      accountSelection: { excludeAccountIds: ['999988887777'] },
      overrides: { accounts: [reversed({ accountId: '222233334444', operations: reversed(OPERATIONS) })] },
      billing: reversed(BILLING),
      security: reversed(SECURITY),
    }),
  );
  expect(keyOf(reordered)).toEqual(keyOf(written));
});
