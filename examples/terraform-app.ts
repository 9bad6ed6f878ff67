/**
 * The CDK-for-Terraform example: every account of an organization, one override, one excluded account.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as tf from '../src/tf';

export class OrganizationContactsTerraformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Credentials of the management account, or of the delegated administrator for AWS Account Management.
    new AwsProvider(this, 'aws', { region: 'us-east-1' });

    new tf.OrganizationContacts(this, 'Contacts', {
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
      accountSelection: { excludeAccountIds: ['999988887777'] },
      overrides: {
        accounts: [
          {
            accountId: '222233334444',
            security: {
              name: 'Payments Security',
              title: 'PCI security team',
              emailAddress: 'payments-security@example.com',
              phoneNumber: '+1 206 555 0199',
            },
          },
        ],
      },
    });
  }
}

export function buildTerraformExampleApp(outdir: string): App {
  const app = new App({ outdir, hclOutput: false });
  new OrganizationContactsTerraformStack(app, 'organization-contacts');
  return app;
}
