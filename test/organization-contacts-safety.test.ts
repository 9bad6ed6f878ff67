/**
 * OrganizationContacts' safety rails, construct side: dryRun and maxAccountChanges reach the function and the
 * custom resource, and a bad ceiling fails synth with the construct path.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationContacts, OrganizationContactsProps } from '../src';
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
  const dry = synth({ dryRun: true });
  expect(resourceProperties(dry).DryRun).toBe('true');
  expect(variables(dry).DRY_RUN).toBe('true');
  const capped = synth({ maxAccountChanges: 25 });
  expect(resourceProperties(capped).MaxAccountChanges).toBe('25');
  expect(variables(capped)).not.toHaveProperty('MAX_ACCOUNT_CHANGES');
});

test('a ceiling that is not a whole number of accounts fails synth with the construct path', () => {
  expect(() => synth({ maxAccountChanges: -1 })).toThrow('[Stack/Contacts] maxAccountChanges -1 must be a whole number of accounts, 0 or more');
  expect(() => synth({ maxAccountChanges: 2.5 })).toThrow('[Stack/Contacts] maxAccountChanges 2.5 must be a whole number of accounts, 0 or more');
});
