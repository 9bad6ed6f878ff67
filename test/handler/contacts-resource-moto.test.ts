/**
 * The custom resource logic with the real AWS SDK v3 clients against moto_server, for what moto implements:
 * alternate contacts of the own account (no AccountId) and of member accounts of an organization built with
 * real Organizations calls.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { handleContactsResourceEvent } from '../../src/handler/contacts-resource';
import { ALTERNATE_CONTACT_RESOURCE_TYPE } from '../../src/protocol/resource-properties';
import { AccountContactsApi } from '../../src/runtime/account-api';
import { CustomResourceEvent, RequestType } from '../../src/runtime/cloudformation-custom-resource';
import { FAST_RETRIES, accountClient, organizationsClient } from '../support/clients';
import { BILLING, SECURITY } from '../support/contacts-fixtures';
import { createMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

const moto = useMotoServer({ resetEachTest: true });
let members: string[];

beforeEach(async () => {
  members = await createMotoOrganization(organizationsClient(moto.endpoint), 2);
});

function event(requestType: RequestType, type: string, contact: typeof SECURITY, accountId?: string): CustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn',
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: type,
    ResourceType: ALTERNATE_CONTACT_RESOURCE_TYPE,
    PhysicalResourceId: requestType === 'Create' ? undefined : `${accountId ?? MOTO_ACCOUNT_ID}/alternate-contact/${type}`,
    ResourceProperties: {
      ConstructPath: 'Stack/Contacts',
      AccountId: accountId,
      AlternateContactType: type,
      Name: contact.name,
      Title: contact.title,
      EmailAddress: contact.emailAddress,
      PhoneNumber: contact.phoneNumber,
      DeleteOnRemoval: 'true',
    },
  };
}

const handlerContext = () => ({
  api: new AccountContactsApi(accountClient(moto.endpoint), { callerAccountId: MOTO_ACCOUNT_ID, retry: FAST_RETRIES }),
  ownAccountId: MOTO_ACCOUNT_ID,
  log: () => undefined,
});

async function readBack(type: string, accountId?: string) {
  try {
    const response = await accountClient(moto.endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: type as 'SECURITY', AccountId: accountId }),
    );
    const { Name, Title, EmailAddress, PhoneNumber } = response.AlternateContact!;
    return { name: Name, title: Title, emailAddress: EmailAddress, phoneNumber: PhoneNumber };
  } catch (error) {
    return (error as Error).name;
  }
}

test("create, update and delete the own account's SECURITY contact", async () => {
  const context = handlerContext();

  await handleContactsResourceEvent(event('Create', 'SECURITY', SECURITY), context);
  expect(await readBack('SECURITY')).toEqual(SECURITY);

  const updated = { ...SECURITY, title: 'Security operations' };
  const result = await handleContactsResourceEvent(event('Update', 'SECURITY', updated), context);
  expect(result.Data?.Changed).toBe('true');
  expect(await readBack('SECURITY')).toEqual(updated);

  await handleContactsResourceEvent(event('Delete', 'SECURITY', updated), context);
  expect(await readBack('SECURITY')).toBe('ResourceNotFoundException');
});

test('a member account gets its contacts through AccountId, and the others are untouched', async () => {
  const context = handlerContext();

  await handleContactsResourceEvent(event('Create', 'SECURITY', SECURITY, members[0]), context);
  await handleContactsResourceEvent(event('Create', 'BILLING', BILLING, members[0]), context);

  expect(await readBack('SECURITY', members[0])).toEqual(SECURITY);
  expect(await readBack('BILLING', members[0])).toEqual(BILLING);
  expect(await readBack('SECURITY', members[1])).toBe('ResourceNotFoundException');
  expect(await readBack('SECURITY')).toBe('ResourceNotFoundException');
});

test('an unchanged member contact is read, not written again', async () => {
  const context = handlerContext();
  await handleContactsResourceEvent(event('Create', 'SECURITY', SECURITY, members[1]), context);

  const result = await handleContactsResourceEvent(event('Update', 'SECURITY', SECURITY, members[1]), context);

  expect(result.Data?.Changed).toBe('false');
  expect(context.api.callCounts).toEqual({ GetAlternateContact: 2, PutAlternateContact: 1 });
});

test('deleting a member contact twice succeeds (already deleted)', async () => {
  const context = handlerContext();
  await handleContactsResourceEvent(event('Create', 'SECURITY', SECURITY, members[0]), context);

  await handleContactsResourceEvent(event('Delete', 'SECURITY', SECURITY, members[0]), context);
  await handleContactsResourceEvent(event('Delete', 'SECURITY', SECURITY, members[0]), context);

  expect(await readBack('SECURITY', members[0])).toBe('ResourceNotFoundException');
  expect(context.api.callCounts.DeleteAlternateContact).toBe(2);
});
