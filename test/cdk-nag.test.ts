/**
 * cdk-nag's AwsSolutions rules on the example stack. Every acknowledgement carries the reason it is safe.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountContactsStack, OrganizationContactsStack } from '../examples/example-app';

const MEMBER_ARN_FINDING = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:account::*:account/o-*/222233334444]';

function exampleApp(acknowledge: boolean): App {
  const app = new App();
  const stack: Stack = new AccountContactsStack(app, 'AccountContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (acknowledge) {
    // The contact permissions are in the provider's policy (AccountContactsProvider/ContactPermissions).
    Validations.of(stack.node.findChild('AccountContactsProvider').node.findChild('ContactPermissions')).acknowledge({
      id: MEMBER_ARN_FINDING,
      reason: 'A member account is managed through the accountInOrganization ARN arn:aws:account::<management account>:account/o-<organization>/<member>. ' +
        'The management account id and organization id cannot be known at synth time (a delegated administrator deploys from another account), ' +
        'so they are wildcards; the member account id, the actions and the alternate contact types are not.',
    });
  }
  return app;
}

test('the example stack passes the AwsSolutions rules, with the member-ARN wildcard acknowledged', () => {
  expect(() => exampleApp(true).synth()).not.toThrow();
});

test('without the acknowledgement, synth fails on that wildcard and nothing else: the check is live', () => {
  let message = '';
  try {
    exampleApp(false).synth();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('AwsSolutions-IAM5');
  expect(message).toContain('account/o-*/222233334444');
  expect(message.match(/AwsSolutions-[A-Z]+\d+/g)?.every((id) => id === 'AwsSolutions-IAM5')).toBe(true);
});

describe('the organization example stack', () => {
  // Each wildcard, and why it cannot be narrowed at synth time.
  const ACKNOWLEDGED: Record<string, string> = {
    'AwsSolutions-IAM5[Resource::*]': 'DescribeOrganization, ListRoots, ListAWSServiceAccessForOrganization and ListDelegatedAdministrators have no resource type in the service authorization reference: * is the only resource they accept.',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:root/o-*/r-*]': 'The organization and root ids are not known at synth time; the ARN still allows the listing actions on roots only.',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:ou/o-*/ou-*]': 'The construct covers every organizational unit, including units created later.',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:account/o-*/*]': 'The construct covers every account of the organization, including accounts that join later.',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:account::*:account/o-*/*]': 'Member accounts of an organization only (accountInOrganization ARN), every one including later ones, for the declared alternate contact types only.',
  };

  function organizationApp(acknowledge: boolean): App {
    const app = new App();
    const stack: Stack = new OrganizationContactsStack(app, 'OrganizationContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    if (acknowledge) {
      const policy = stack.node.findChild('OrganizationContacts').node.findChild('Role');
      for (const [id, reason] of Object.entries(ACKNOWLEDGED)) {
        Validations.of(policy).acknowledge({ id, reason });
      }
    }
    return app;
  }

  test('passes the AwsSolutions rules with its five reasoned wildcards acknowledged', () => {
    expect(() => organizationApp(true).synth()).not.toThrow();
  });

  test('without them, only those wildcards are reported', () => {
    let message = '';
    try {
      organizationApp(false).synth();
    } catch (error) {
      message = (error as Error).message;
    }
    const findings = [...message.matchAll(/Acknowledge with 'AwsSolutions::(AwsSolutions-[^']+)'/g)].map((match) => match[1]);
    expect(findings.sort()).toEqual(Object.keys(ACKNOWLEDGED).sort());
  });
});
