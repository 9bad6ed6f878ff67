/**
 * Answers whose shape the API reference does not allow (a number, an object or a list where a string is due), from a
 * real Account Management endpoint double through the real AWS SDK v3 client: the SDK passes them through unchanged,
 * and before this check they reached the masking code as `TypeError: value.trim is not a function`.
 */
import { AccountContactsApi } from '../../src/runtime/account-api';
import { AccountApiError } from '../../src/runtime/account-api-error';
import { UNEXPECTED_RESPONSE_ERROR_NAME } from '../../src/runtime/response-shape';
import { AccountApiServer } from '../support/account-api-server';
import { FAST_RETRIES, accountClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
let server: AccountApiServer;
let api: AccountContactsApi;

beforeAll(async () => {
  server = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: [MEMBER] });
  api = new AccountContactsApi(accountClient(server.endpoint), { callerAccountId: MANAGEMENT, retry: FAST_RETRIES });
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const storedAlternateContact = {
  Name: SECURITY.name,
  Title: SECURITY.title,
  EmailAddress: SECURITY.emailAddress,
  PhoneNumber: SECURITY.phoneNumber,
};

test.each([
  ['a number', 'Name', 5, 'AlternateContact.Name is a number, not a string'],
  ['an object', 'EmailAddress', { local: 'security' }, 'AlternateContact.EmailAddress is an object, not a string'],
  ['a list', 'PhoneNumber', ['+1 206 555 0100'], 'AlternateContact.PhoneNumber is a list, not a string'],
  ['a boolean', 'Title', true, 'AlternateContact.Title is a boolean, not a string'],
])('GetAlternateContact answering %s for %s is an explained AccountApiError, not a TypeError', async (_kind, member, value, problem) => {
  server.seedAlternateContact(MEMBER, 'SECURITY', { ...storedAlternateContact, [member]: value } as unknown as Record<string, string>);

  const error = await api.getAlternateContact('SECURITY' as never, { memberAccountId: MEMBER }).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(AccountApiError);
  expect((error as AccountApiError).errorName).toBe(UNEXPECTED_RESPONSE_ERROR_NAME);
  expect((error as Error).message).toBe(
    `GetAlternateContact for account ${MEMBER} answered a shape that the Account Management API reference does not allow: ${problem}; ` +
      'nothing was compared or written from it (check the endpoint the client is pointed at)',
  );
});

test('the error never holds the value it refused (personal data)', async () => {
  server.seedAlternateContact(MEMBER, 'SECURITY', { ...storedAlternateContact, EmailAddress: [SECURITY.emailAddress] } as unknown as Record<
    string,
    string
  >);
  const error = await api.getAlternateContact('SECURITY' as never, { memberAccountId: MEMBER }).catch((caught: unknown) => caught);
  expect((error as Error).message).not.toContain(SECURITY.emailAddress);
  expect((error as Error).message).not.toContain(SECURITY.name);
});

test('GetContactInformation answering a number for a member is explained; null members stay absent as before', async () => {
  server.seedContactInformation(MANAGEMENT, {
    FullName: 'Example Corp',
    AddressLine1: '1 Main St',
    City: 'Seattle',
    CountryCode: 'US',
    PostalCode: 98101,
  } as never);
  const error = await api.getContactInformation({}).catch((caught: unknown) => caught);
  expect((error as Error).message).toContain("GetContactInformation for the caller's own account answered a shape");
  expect((error as Error).message).toContain('ContactInformation.PostalCode is a number, not a string');

  server.seedContactInformation(MANAGEMENT, {
    FullName: 'Example Corp',
    AddressLine1: '1 Main St',
    City: 'Seattle',
    CountryCode: 'US',
    PostalCode: '98101',
    AddressLine2: null,
  } as never);
  const information = await api.getContactInformation({});
  expect(information).toMatchObject({ fullName: 'Example Corp', postalCode: '98101' });
  expect(information).not.toHaveProperty('addressLine2');
});

test('well-formed answers read as before', async () => {
  server.seedAlternateContact(MEMBER, 'SECURITY', storedAlternateContact);
  expect(await api.getAlternateContact('SECURITY' as never, { memberAccountId: MEMBER })).toEqual(SECURITY);
});
