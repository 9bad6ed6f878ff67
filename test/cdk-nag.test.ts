/**
 * cdk-nag's AwsSolutions rules on the example stack. Every acknowledgement carries the reason it is safe.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountContactsStack } from '../examples/example-app';

const MEMBER_ARN_FINDING = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:account::*:account/o-*/222233334444]';

function exampleApp(acknowledge: boolean): App {
  const app = new App();
  const stack: Stack = new AccountContactsStack(app, 'AccountContactsExample', { env: { account: '111122223333', region: 'us-east-1' } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (acknowledge) {
    Validations.of(stack.node.findChild('AccountContactsProvider').node.findChild('Role')).acknowledge({
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
