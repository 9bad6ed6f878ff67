import { AlternateContact } from '../../src/contacts/alternate-contact';
import { ContactInformation } from '../../src/contacts/contact-information';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { ALTERNATE_CONTACT_RESOURCE_TYPE } from '../../src/protocol/resource-properties';
import { CustomResourceEvent, RequestType } from '../../src/runtime/cloudformation-custom-resource';

export const SECURITY: AlternateContact = {
  name: 'Security Operations Center',
  title: 'Security team',
  emailAddress: 'security@example.com',
  phoneNumber: '+1 206 555 0100',
};

export const BILLING: AlternateContact = {
  name: 'Cloud Finance',
  title: 'Accounts payable',
  emailAddress: 'aws-billing@example.com',
  phoneNumber: '+1 206 555 0101',
};

export const OPERATIONS: AlternateContact = {
  name: 'Cloud Operations',
  title: 'Platform on-call',
  emailAddress: 'cloud-ops@example.com',
  phoneNumber: '+1 206 555 0102',
};

export const PRIMARY: ContactInformation = {
  fullName: 'Example Corp Cloud Platform Team',
  companyName: 'Example Corp',
  addressLine1: '123 Any Street',
  city: 'Seattle',
  stateOrRegion: 'WA',
  postalCode: '98101',
  countryCode: 'US',
  phoneNumber: '+1 206 555 0110',
  websiteUrl: 'https://www.example.com',
};

/**
 * A primary contact with the Account Management API's member names and its required members only, as the local
 * server holds it and `PutContactInformation` takes it.
 */
export const API_PRIMARY = {
  FullName: 'Cloud Platform',
  AddressLine1: '1 Main St',
  City: 'Seattle',
  StateOrRegion: 'WA',
  PostalCode: '98101',
  CountryCode: 'US',
  PhoneNumber: '+1 206 555 0110',
};

/** An alternate contact with the Account Management API's member names, as requests and the local server hold it. */
export function apiMembers(contact: AlternateContact): { Name: string; Title: string; EmailAddress: string; PhoneNumber: string } {
  return { Name: contact.name, Title: contact.title, EmailAddress: contact.emailAddress, PhoneNumber: contact.phoneNumber };
}

/** An organization declaration with SECURITY and BILLING defaults, nothing else unless given. */
export function organizationDeclaration(overrides: Partial<OrganizationDeclaration> = {}): OrganizationDeclaration {
  return {
    version: 1,
    constructPath: 'Stack/OrganizationContacts',
    defaults: { security: SECURITY, billing: BILLING },
    excludeAccountIds: [],
    organizationalUnitOverrides: [],
    accountOverrides: [],
    ...overrides,
  };
}

/**
 * A CloudFormation request for the SECURITY alternate contact resource of `Stack/Contacts`, as the construct sends it,
 * with `properties` laid over its resource properties.
 */
export function alternateContactEvent(
  requestType: RequestType,
  properties: Record<string, unknown>,
  physicalResourceId?: string,
): CustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:handler',
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/test/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ContactsSecurity',
    ResourceType: ALTERNATE_CONTACT_RESOURCE_TYPE,
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:handler',
      ConstructPath: 'Stack/Contacts',
      AlternateContactType: 'SECURITY',
      ...apiMembers(SECURITY),
      ...properties,
    },
  };
}
