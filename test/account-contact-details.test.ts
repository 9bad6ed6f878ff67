import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountContactDetails, SecurityContacts } from '../src';
import { PRIMARY, SECURITY } from './support/contacts-fixtures';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
}

test('the primary contact is one Custom::AccountContactInformation with the API member names', () => {
  const stack = newStack();
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: PRIMARY });
  Template.fromStack(stack).hasResourceProperties('Custom::AccountContactInformation', {
    ConstructPath: 'Stack/PrimaryContact',
    AccountId: Match.absent(),
    ContactInformation: {
      FullName: PRIMARY.fullName,
      CompanyName: PRIMARY.companyName,
      AddressLine1: PRIMARY.addressLine1,
      City: PRIMARY.city,
      StateOrRegion: PRIMARY.stateOrRegion,
      PostalCode: PRIMARY.postalCode,
      CountryCode: 'US',
      PhoneNumber: PRIMARY.phoneNumber,
      WebsiteUrl: PRIMARY.websiteUrl,
      AddressLine2: Match.absent(),
    },
  });
});

test('the primary contact cannot be deleted: removal keeps it', () => {
  const stack = newStack();
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: PRIMARY });
  Template.fromStack(stack).hasResource('Custom::AccountContactInformation', { DeletionPolicy: 'Retain' });
});

test('the function may read and write the contact information of the member account only', () => {
  const stack = newStack();
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: PRIMARY, accountId: '444455556666' });
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Effect: 'Allow',
          Action: ['account:GetContactInformation', 'account:PutContactInformation'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::*:account/o-*/444455556666']] },
        },
      ]),
    },
  });
});

test('it shares the function of SecurityContacts in the same stack', () => {
  const stack = newStack();
  new SecurityContacts(stack, 'Contacts', { security: SECURITY });
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: PRIMARY });
  Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 1);
});

test.each([
  [{ countryCode: 'XX' }, "[Stack/PrimaryContact] contactInformation.countryCode 'XX' is not an ISO 3166-1 alpha-2 country code"],
  [{ stateOrRegion: undefined }, "[Stack/PrimaryContact] contactInformation.stateOrRegion is required when countryCode is 'US'"],
  [
    { phoneNumber: '206 555 0100' },
    "[Stack/PrimaryContact] contactInformation.phoneNumber '*** *** **00' (12 characters, masked) does not match the AWS pattern ^[+][\\s0-9()-]+$ (Account Management API, ContactInformation.PhoneNumber)",
  ],
  [{ accountId: '' }, "[Stack/PrimaryContact] accountId is empty: it must be a 12-digit account id; leave accountId out for the stack's own account"],
  [
    { postalCode: '' },
    '[Stack/PrimaryContact] contactInformation.postalCode is empty: it must be 1 to 20 characters long (Account Management API, ContactInformation.PostalCode)',
  ],
])('bad input %j fails synth with the path, the field and the rule', (change, message) => {
  const stack = newStack();
  const { accountId, ...contactChange } = change as { accountId?: string };
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: { ...PRIMARY, ...contactChange }, accountId });
  expect(() => Template.fromStack(stack)).toThrow(message);
});

test('token values pass synth', () => {
  const stack = newStack();
  const country = new CfnParameter(stack, 'Country').valueAsString;
  new AccountContactDetails(stack, 'PrimaryContact', { contactInformation: { ...PRIMARY, countryCode: country, stateOrRegion: undefined } });
  Template.fromStack(stack).hasResourceProperties('Custom::AccountContactInformation', {
    ContactInformation: Match.objectLike({ CountryCode: { Ref: 'Country' } }),
  });
});
