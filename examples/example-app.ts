/**
 * The example app: the contacts of the account the stack is deployed to, and of one member account managed from
 * it. `npx projen example` synthesizes it and prints what it would deploy.
 */
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountContactDetails, SecurityContacts } from '../src';

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

export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new AccountContactsStack(app, 'AccountContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
  return app;
}
