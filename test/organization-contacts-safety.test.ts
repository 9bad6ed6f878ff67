/**
 * OrganizationContacts' safety rails, construct side: dryRun and maxAccountChanges reach the function and the
 * custom resource, and a bad ceiling fails synth with the construct path.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContactRemoval, OrganizationContacts, OrganizationContactsProps } from '../src';
import { SECURITY } from './support/contacts-fixtures';

function synth(props: Partial<OrganizationContactsProps> = {}): Template {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props });
  return Template.fromStack(stack);
}

const resourceProperties = (template: Template) => Object.values<any>(template.findResources('Custom::OrganizationContacts'))[0].Properties;
const variables = (template: Template) => Object.values<any>(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

test('by default neither: no DryRun, no MaxAccountChanges, no DRY_RUN', () => {
  const template = synth();
  expect(resourceProperties(template)).not.toHaveProperty('DryRun');
  expect(resourceProperties(template)).not.toHaveProperty('MaxAccountChanges');
  expect(variables(template)).not.toHaveProperty('DRY_RUN');
});

test('dryRun reaches the deployment (DryRun) and every other run (DRY_RUN); maxAccountChanges the deployment only', () => {
  const dry = synth({ safety: { dryRun: true } });
  expect(resourceProperties(dry).DryRun).toBe('true');
  expect(variables(dry).DRY_RUN).toBe('true');
  const capped = synth({ safety: { maxAccountChanges: 25 } });
  expect(resourceProperties(capped).MaxAccountChanges).toBe('25');
  expect(variables(capped)).not.toHaveProperty('MAX_ACCOUNT_CHANGES');
});

test('a ceiling that is not a whole number of accounts fails synth with the construct path', () => {
  expect(() => synth({ safety: { maxAccountChanges: -1 } })).toThrow(
    '[Stack/Contacts] safety.maxAccountChanges -1 must be a whole number of accounts, 0 or more',
  );
  expect(() => synth({ safety: { maxAccountChanges: 2.5 } })).toThrow(
    '[Stack/Contacts] safety.maxAccountChanges 2.5 must be a whole number of accounts, 0 or more',
  );
});

describe('ContactRemoval.RESTORE_PREVIOUS', () => {
  test('the resource removes with RESTORE (CloudFormation deletes it, so the restore runs), the table has a KMS key, the role may delete', () => {
    const template = synth({ removal: ContactRemoval.RESTORE_PREVIOUS });
    expect(resourceProperties(template).RemovalPolicy).toBe('RESTORE');
    expect(Object.values<any>(template.findResources('Custom::OrganizationContacts'))[0].DeletionPolicy).toBe('Delete');
    expect(variables(template).RESTORE_SNAPSHOTS).toBe('true');
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true } });
    // The contact writes are in the role's managed policies, beside its inline policy.
    const actions = [
      ...Object.values<any>(template.findResources('AWS::IAM::Policy')),
      ...Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy')),
    ]
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => ([] as string[]).concat(statement.Action));
    expect(actions).toContain('account:DeleteAlternateContact');
    // Without it: the default RETAIN, which the function keeps (no delete permission), with no snapshots.
    const plain = synth();
    expect(resourceProperties(plain).RemovalPolicy).toBe('RETAIN');
    expect(variables(plain)).not.toHaveProperty('RESTORE_SNAPSHOTS');
    expect(JSON.stringify([plain.findResources('AWS::IAM::Policy'), plain.findResources('AWS::IAM::ManagedPolicy')])).not.toContain(
      'account:DeleteAlternateContact',
    );
    expect(JSON.stringify(plain.findResources('AWS::IAM::ManagedPolicy'))).toContain('account:PutAlternateContact');
  });

  test('a removal that is not a ContactRemoval (a CDK RemovalPolicy, from JavaScript) fails synth naming the three choices', () => {
    for (const removal of [RemovalPolicy.DESTROY, 'RESTORE_PREVIOUS', { name: 'DESTROY' }]) {
      expect(() => synth({ removal: removal as unknown as ContactRemoval })).toThrow(
        /\[Stack\/Contacts\] removal .* is not supported: use ContactRemoval\.RETAIN \(contacts stay\), ContactRemoval\.DESTROY .* or ContactRemoval\.RESTORE_PREVIOUS/,
      );
    }
  });
});
