/**
 * OrganizationContacts' EventBridge rules: the daily reconciliation, the events of accounts that join
 * (Organizations and Control Tower), of accounts moved to another organizational unit, and of accounts whose tags
 * changed (only when the declaration uses tags).
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { OrganizationContactsProps } from '../organization-contacts-props';
import { OutsideChangeAction } from '../outside-change-action';
import { ACCOUNT_MOVED_EVENT_NAME, ACCOUNT_TAG_EVENT_NAMES, CLOUDTRAIL_DETAIL_TYPES, CONTACT_CHANGE_EVENT_NAMES } from '../protocol/account-events';
import { ORGANIZATION_ENVIRONMENT, RECONCILIATION_INPUT } from '../protocol/organization-resource';

/** The function's settings for outside changes: its own role, the action, the topic (the failure topic by default). */
export function outsideChangeEnvironment(role: iam.IRole, props: OrganizationContactsProps): Record<string, string> {
  const action = props.outsideChanges?.action ?? OutsideChangeAction.RESTORE;
  if (action === OutsideChangeAction.IGNORE) {
    return {};
  }
  const topic = props.outsideChanges?.topic ?? props.runs?.failureTopic;
  return {
    [ORGANIZATION_ENVIRONMENT.ROLE_ARN]: role.roleArn,
    [ORGANIZATION_ENVIRONMENT.OUTSIDE_CHANGE_ACTION]: action,
    ...(topic ? { [ORGANIZATION_ENVIRONMENT.OUTSIDE_CHANGE_TOPIC_ARN]: topic.topicArn } : {}),
  };
}

/**
 * The daily reconciliation, and the events of accounts that join (Organizations and Control Tower), move, or are
 * tagged (`usesAccountTags`: only when the declaration excludes or overrides by tag).
 */
export function addOrganizationRules(
  scope: Construct,
  fn: lambda.IFunction,
  props: OrganizationContactsProps,
  role: iam.IRole,
  usesAccountTags: boolean,
): void {
  const triggers = props.triggers ?? {};
  if (triggers.reconciliation !== false) {
    new events.Rule(scope, 'Reconciliation', {
      description: 'cdk-account-contacts: applies the declared contacts to every account again (repairs drift)',
      schedule: triggers.reconciliationSchedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject(RECONCILIATION_INPUT), retryAttempts: 4 })],
    });
  }
  if (triggers.newAccountEvents !== false) {
    const target = new targets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(2) });
    new events.Rule(scope, 'AccountCreated', {
      description: 'cdk-account-contacts: a new account was created in the organization (Organizations, us-east-1)',
      eventPattern: {
        source: ['aws.organizations'],
        detailType: CLOUDTRAIL_DETAIL_TYPES,
        detail: { eventName: ['CreateAccountResult'], serviceEventDetails: { createAccountStatus: { state: ['SUCCEEDED'] } } },
      },
      targets: [target],
    });
    new events.Rule(scope, 'AccountJoined', {
      description: 'cdk-account-contacts: an invited account accepted the handshake and joined (Organizations, us-east-1)',
      eventPattern: { source: ['aws.organizations'], detailType: CLOUDTRAIL_DETAIL_TYPES, detail: { eventName: ['AcceptHandshake'] } },
      targets: [target],
    });
    new events.Rule(scope, 'ManagedAccountCreated', {
      description: 'cdk-account-contacts: Control Tower enrolled a new account (delivered in its home Region)',
      eventPattern: {
        source: ['aws.controltower'],
        detailType: CLOUDTRAIL_DETAIL_TYPES,
        detail: { eventName: ['CreateManagedAccount'], serviceEventDetails: { createManagedAccountStatus: { state: ['SUCCEEDED'] } } },
      },
      targets: [target],
    });
  }
  if (triggers.accountMovedEvents !== false) {
    new events.Rule(scope, 'AccountMoved', {
      description: 'cdk-account-contacts: an account was moved to another organizational unit (Organizations, us-east-1)',
      eventPattern: {
        source: ['aws.organizations'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventName: [ACCOUNT_MOVED_EVENT_NAME], errorCode: [{ exists: false }] },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(2) })],
    });
  }
  if (usesAccountTags && triggers.accountTagEvents !== false) {
    new events.Rule(scope, 'AccountTagsChanged', {
      description: 'cdk-account-contacts: tags of an account (or unit, root, policy: only accounts are applied) changed (Organizations, us-east-1)',
      eventPattern: {
        source: ['aws.organizations'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventName: ACCOUNT_TAG_EVENT_NAMES, errorCode: [{ exists: false }] },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(2) })],
    });
  }
  if (props.outsideChanges?.action !== OutsideChangeAction.IGNORE) {
    new events.Rule(scope, 'OutsideContactChange', {
      description: "cdk-account-contacts: a contact was changed by another principal than the construct's role (Account Management, us-east-1)",
      eventPattern: {
        source: ['aws.account'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventName: CONTACT_CHANGE_EVENT_NAMES,
          errorCode: [{ exists: false }],
          // The function's own writes never invoke it: any caller that is not a session of its role (users and the
          // root user have no session issuer). The function checks again.
          $or: [
            { userIdentity: { type: [{ 'anything-but': 'AssumedRole' }] } },
            { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': role.roleArn }] } } } },
          ],
        },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(2) })],
    });
  }
}
