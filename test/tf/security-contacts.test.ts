import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { AccountPrimaryContact } from '@cdktf/provider-aws/lib/account-primary-contact';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformVariable, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import * as tf from '../../src/tf';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { useProviderMirror } from '../support/terraform';
import { newStack } from '../support/tf-stacks';

Testing.setupJest();
beforeAll(useProviderMirror);

describe('tf.SecurityContacts', () => {
  test('one aws_account_alternate_contact per declared type, without account_id for the own account', () => {
    const stack = newStack();
    new tf.SecurityContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING });
    const synthesized = Testing.synth(stack);

    expect(synthesized).toHaveResourceWithProperties(AccountAlternateContact, {
      alternate_contact_type: 'SECURITY',
      name: SECURITY.name,
      title: SECURITY.title,
      email_address: SECURITY.emailAddress,
      phone_number: SECURITY.phoneNumber,
    });
    expect(synthesized).toHaveResourceWithProperties(AccountAlternateContact, {
      alternate_contact_type: 'BILLING',
      email_address: BILLING.emailAddress,
    });
    expect(synthesized).not.toHaveResourceWithProperties(AccountAlternateContact, { alternate_contact_type: 'OPERATIONS' });
    const resources = JSON.parse(synthesized).resource.aws_account_alternate_contact;
    expect(Object.keys(resources)).toHaveLength(2);
    expect(Object.values(resources).every((resource: any) => resource.account_id === undefined)).toBe(true);
  });

  test('a member account is passed as account_id, with the given provider', () => {
    const stack = newStack();
    const other = new AwsProvider(stack, 'management', { region: 'us-east-1', alias: 'management' });
    new tf.SecurityContacts(stack, 'Contacts', { security: SECURITY, operations: OPERATIONS, accountId: '444455556666', provider: other });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(AccountAlternateContact, {
      account_id: '444455556666',
      alternate_contact_type: 'OPERATIONS',
      provider: 'aws.management',
    });
  });

  test('the construct creates no AWS provider of its own', () => {
    const stack = newStack();
    new tf.SecurityContacts(stack, 'Contacts', { security: SECURITY });
    expect(JSON.parse(Testing.synth(stack)).provider.aws).toHaveLength(1);
  });

  test.each([
    [
      { security: { ...SECURITY, emailAddress: 'bob@' } },
      "[stack/Contacts] security.emailAddress 'b***b@' (4 characters, masked) does not match the AWS pattern",
    ],
    [{ billing: { ...BILLING, title: 't'.repeat(51) } }, '[stack/Contacts] billing.title'],
    [{ accountId: '12' }, "[stack/Contacts] accountId '12' (2 characters) does not match the AWS pattern ^\\d{12}$"],
  ])('bad input %j fails synth with the same message as the CDK construct', (change, message) => {
    const stack = newStack();
    new tf.SecurityContacts(stack, 'Contacts', { security: SECURITY, ...change });
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });

  test('every problem is reported together', () => {
    const stack = newStack();
    new tf.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, name: '', phoneNumber: 'x' }, accountId: 'abc' });
    expect(() => Testing.synth(stack, true)).toThrow(/accountId[\s\S]*security\.name[\s\S]*security\.phoneNumber/);
  });

  test('token values pass synth', () => {
    const stack = newStack();
    const email = new TerraformVariable(stack, 'security_email', { type: 'string' });
    new tf.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: email.stringValue } });
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(AccountAlternateContact, { email_address: '${var.security_email}' });
  });

  test('advice becomes a cdktf warning carrying its stable id', () => {
    const stack = newStack();
    const contacts = new tf.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: 'jane.doe@example.com' } });
    const warnings = contacts.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[cdk-account-contacts:securityEmailLooksPersonal\] security\.emailAddress 'j\*\*\*e@example\.com' looks like one person's mailbox/,
      ),
    ]);
  });

  test('the synthesized configuration is valid Terraform (terraform validate, offline provider mirror)', () => {
    const stack = newStack();
    new tf.SecurityContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING, operations: OPERATIONS, accountId: '444455556666' });
    new tf.AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});

describe('tf.AccountContactDetails', () => {
  test('one aws_account_primary_contact with every declared field', () => {
    const stack = newStack();
    new tf.AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY, accountId: '444455556666' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AccountPrimaryContact, {
      account_id: '444455556666',
      full_name: PRIMARY.fullName,
      address_line_1: PRIMARY.addressLine1,
      city: PRIMARY.city,
      state_or_region: 'WA',
      postal_code: PRIMARY.postalCode,
      country_code: 'US',
      phone_number: PRIMARY.phoneNumber,
      company_name: PRIMARY.companyName,
      website_url: PRIMARY.websiteUrl,
    });
  });

  test.each([
    [{ countryCode: 'ZZ' }, "[stack/Primary] contactInformation.countryCode 'ZZ' is not an ISO 3166-1 alpha-2 country code"],
    [{ stateOrRegion: undefined }, "[stack/Primary] contactInformation.stateOrRegion is required when countryCode is 'US'"],
  ])('bad input %j fails synth', (change, message) => {
    const stack = newStack();
    new tf.AccountContactDetails(stack, 'Primary', { contactInformation: { ...PRIMARY, ...change } });
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });
});
