/**
 * The example app: the contacts of the account the stack is deployed to, and of one member account managed from
 * it. `npx projen example` synthesizes it and prints what it would deploy.
 */
import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AccountContactDetails, OrganizationContacts, SecurityContacts } from '../src';

export class AccountContactsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    // The account this stack is deployed to (called without AccountId).
    new SecurityContacts(this, 'Contacts', {
      security: {
        name: 'Security Operations Center',
        title: 'Security team',
        emailAddress: 'security@example.com',
        phoneNumber: '+1 206 555 0100',
      },
      billing: {
        name: 'Cloud Finance',
        title: 'Accounts payable',
        emailAddress: 'aws-billing@example.com',
        phoneNumber: '+1 206 555 0101',
      },
      operations: {
        name: 'Cloud Operations',
        title: 'Platform on-call',
        emailAddress: 'cloud-ops@example.com',
        phoneNumber: '+1 206 555 0102',
      },
    });
    new AccountContactDetails(this, 'PrimaryContact', {
      contactInformation: {
        fullName: 'Example Corp Cloud Platform Team',
        companyName: 'Example Corp',
        addressLine1: '123 Any Street',
        city: 'Seattle',
        stateOrRegion: 'WA',
        postalCode: '98101',
        countryCode: 'US',
        phoneNumber: '+1 206 555 0100',
        websiteUrl: 'https://www.example.com',
      },
    });

    // A member account of the organization, managed from this (management or delegated administrator) account.
    new SecurityContacts(this, 'WorkloadAccountContacts', {
      accountId: '222233334444',
      security: {
        name: 'Security Operations Center',
        title: 'Security team',
        emailAddress: 'security@example.com',
        phoneNumber: '+1 206 555 0100',
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

/**
 * Every account of the organization, now and later, from the management account (or the delegated
 * administrator for AWS Account Management), in us-east-1 where Organizations delivers its events.
 */
export class OrganizationContactsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    // Encrypted with SNS's AWS managed key: the failures name accounts (never a contact), and scanners ask for it.
    const failures = new sns.Topic(this, 'ContactFailures', {
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    const contacts = new OrganizationContacts(this, 'OrganizationContacts', {
      security: {
        name: 'Security Operations Center',
        title: 'Security team',
        emailAddress: 'security@example.com',
        phoneNumber: '+1 206 555 0100',
      },
      billing: {
        name: 'Cloud Finance',
        title: 'Accounts payable',
        emailAddress: 'aws-billing@example.com',
        phoneNumber: '+1 206 555 0101',
      },
      operations: {
        name: 'Cloud Operations',
        title: 'Platform on-call',
        emailAddress: 'cloud-ops@example.com',
        phoneNumber: '+1 206 555 0102',
      },
      overrides: {
        // The payments unit's accounts answer to their own security team.
        organizationalUnits: [
          {
            organizationalUnitId: 'ou-ab12-paymentsu',
            security: {
              name: 'Payments Security',
              title: 'PCI security team',
              emailAddress: 'payments-security@example.com',
              phoneNumber: '+1 206 555 0199',
            },
          },
        ],
      },
      accountSelection: {
        // 999988887777 is left alone; the other two are declared by AccountContactsExample: one owner per contact.
        excludeAccountIds: ['999988887777', '111122223333', '222233334444'],
      },
      runs: { failureTopic: failures, deploymentWait: Duration.minutes(30) },
    });
    const alarm = new cloudwatch.Alarm(this, 'ContactFailuresAlarm', {
      alarmDescription: 'Accounts whose contacts could not be applied',
      metric: contacts.metricAccountsFailed({ period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(failures));
  }
}

export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new AccountContactsStack(app, 'AccountContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContactsStack(app, 'OrganizationContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
  return app;
}
