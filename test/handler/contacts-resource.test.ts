/**
 * The custom resource logic with the real AWS SDK v3 Account client over HTTP, against the project's local
 * Account API server (contact information, validation, own-account rule, access denied, throttling, faults).
 */
import { handleContactParameterChange, handleContactsResourceEvent, isContactParameterChange } from '../../src/handler/contacts-resource';
import { CONTACT_INFORMATION_RESOURCE_TYPE, CONTACT_PARAMETER_CHANGE_KIND } from '../../src/protocol/resource-properties';
import { AccountContactsApi } from '../../src/runtime/account-api';
import { CustomResourceEvent, RequestType } from '../../src/runtime/cloudformation-custom-resource';
import { LogFields } from '../../src/runtime/log';
import { ResourceClaims } from '../../src/runtime/resource-claims';
import { AccountApiServer } from '../support/account-api-server';
import { FAST_RETRIES, accountClient, unreachableSsmClient } from '../support/clients';
import { PRIMARY, SECURITY, alternateContactEvent, apiMembers } from '../support/contacts-fixtures';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';

let server: AccountApiServer;
let logLines: LogFields[];

beforeEach(async () => {
  server = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: [MEMBER] });
  logLines = [];
});
afterEach(async () => server.stop());

function context() {
  const api = new AccountContactsApi(accountClient(server.endpoint), { callerAccountId: MANAGEMENT, retry: FAST_RETRIES });
  return { api, ownAccountId: MANAGEMENT, log: (fields: LogFields) => logLines.push(fields) };
}

const STORED_SECURITY = { AlternateContactType: 'SECURITY', ...apiMembers(SECURITY) };

describe('alternate contacts', () => {
  test('Create on the own account puts the contact without AccountId', async () => {
    const result = await handleContactsResourceEvent(alternateContactEvent('Create', {}), context());

    expect(result).toEqual({
      PhysicalResourceId: `${MANAGEMENT}/alternate-contact/SECURITY`,
      Data: { AccountId: MANAGEMENT, AlternateContactType: 'SECURITY', Changed: 'true' },
    });
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toEqual(STORED_SECURITY);
    expect(server.requests.map((request) => [request.operation, request.accountId, request.status])).toEqual([
      ['GetAlternateContact', undefined, 404],
      ['PutAlternateContact', undefined, 200],
    ]);
  });

  test('the own account id given explicitly is still called without AccountId', async () => {
    await handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: MANAGEMENT }), context());

    expect(server.requests.every((request) => request.accountId === undefined)).toBe(true);
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toEqual(STORED_SECURITY);
  });

  test('Create on a member account puts the contact with AccountId', async () => {
    const result = await handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: MEMBER }), context());

    expect(result.PhysicalResourceId).toBe(`${MEMBER}/alternate-contact/SECURITY`);
    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toBeUndefined();
  });

  test('Update with a changed contact puts the new values', async () => {
    server.seedAlternateContact(MANAGEMENT, 'SECURITY', { Name: 'Old', Title: 'Old', EmailAddress: 'old@example.com', PhoneNumber: '+1 000' });

    const result = await handleContactsResourceEvent(alternateContactEvent('Update', {}, `${MANAGEMENT}/alternate-contact/SECURITY`), context());

    expect(result.Data?.Changed).toBe('true');
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toEqual(STORED_SECURITY);
    expect(logLines).toContainEqual(expect.objectContaining({ action: 'updated', alternateContactType: 'SECURITY' }));
  });

  test('Update with unchanged contacts makes no Put call', async () => {
    server.seedAlternateContact(MANAGEMENT, 'SECURITY', STORED_SECURITY);

    const result = await handleContactsResourceEvent(alternateContactEvent('Update', {}, `${MANAGEMENT}/alternate-contact/SECURITY`), context());

    expect(result.Data?.Changed).toBe('false');
    expect(server.count('GetAlternateContact')).toBe(1);
    expect(server.count('PutAlternateContact')).toBe(0);
  });

  test('Delete deletes only the contact type the resource manages', async () => {
    server.seedAlternateContact(MEMBER, 'SECURITY', STORED_SECURITY);
    server.seedAlternateContact(MEMBER, 'BILLING', { ...STORED_SECURITY, AlternateContactType: 'BILLING' });

    await handleContactsResourceEvent(
      alternateContactEvent('Delete', { AccountId: MEMBER, DeleteOnRemoval: 'true' }, `${MEMBER}/alternate-contact/SECURITY`),
      context(),
    );

    expect(server.alternateContact(MEMBER, 'SECURITY')).toBeUndefined();
    expect(server.alternateContact(MEMBER, 'BILLING')).toBeDefined();
  });

  test('Delete of a contact that is already gone succeeds (ResourceNotFoundException)', async () => {
    const result = await handleContactsResourceEvent(
      alternateContactEvent('Delete', { DeleteOnRemoval: 'true' }, `${MANAGEMENT}/alternate-contact/SECURITY`),
      context(),
    );

    expect(result.PhysicalResourceId).toBe(`${MANAGEMENT}/alternate-contact/SECURITY`);
    expect(server.count('DeleteAlternateContact', 404)).toBe(1);
    expect(logLines).toContainEqual(expect.objectContaining({ action: 'already-deleted' }));
  });

  test.each([
    ['missing', undefined],
    ['boolean false', false],
    ['boolean true', true],
    ['"False"', 'False'],
    ['"TRUE"', 'TRUE'],
    ['"yes"', 'yes'],
    ['""', ''],
  ])('Delete fails closed: DeleteOnRemoval %s keeps the contact (only the exact string "true" deletes) and is logged', async (_name, value) => {
    server.seedAlternateContact(MEMBER, 'SECURITY', STORED_SECURITY);
    const properties = value === undefined ? { AccountId: MEMBER } : { AccountId: MEMBER, DeleteOnRemoval: value };

    const result = await handleContactsResourceEvent(alternateContactEvent('Delete', properties, `${MEMBER}/alternate-contact/SECURITY`), context());

    expect(result.PhysicalResourceId).toBe(`${MEMBER}/alternate-contact/SECURITY`);
    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
    expect(server.count('DeleteAlternateContact')).toBe(0);
    expect(logLines).toContainEqual(expect.objectContaining({ action: 'retained', unexpectedDeleteOnRemoval: JSON.stringify(value) ?? 'undefined' }));
  });

  test('Delete after a failed Create calls nothing', async () => {
    await handleContactsResourceEvent(alternateContactEvent('Delete', {}, 'failed-create:request-0'), context());

    expect(server.requests).toEqual([]);
  });

  describe('when the claims in SSM Parameter Store cannot be reached (a real SSM client, a refused port)', () => {
    async function unreachableClaims(): Promise<ResourceClaims> {
      return new ResourceClaims(await unreachableSsmClient(), FAST_RETRIES);
    }

    test('a RETAIN Delete still answers: it deletes nothing, and logs the claim it could not release', async () => {
      server.seedAlternateContact(MEMBER, 'SECURITY', STORED_SECURITY);
      const claims = await unreachableClaims();

      const result = await handleContactsResourceEvent(
        alternateContactEvent('Delete', { AccountId: MEMBER, DeleteOnRemoval: 'false' }, `${MEMBER}/alternate-contact/SECURITY`),
        { ...context(), claims },
      );

      expect(result.PhysicalResourceId).toBe(`${MEMBER}/alternate-contact/SECURITY`);
      expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
      expect(server.requests).toEqual([]);
      const line = logLines.find((fields) => fields.action === 'retained');
      expect(line?.claimNotReleased).toMatch(
        /^releasing the claim \/cdk-account-contacts\/claims\/222222222222\/SECURITY\/test\.ContactsSecurity in SSM Parameter Store failed/,
      );
      expect(JSON.stringify(logLines)).not.toContain(SECURITY.emailAddress);
    });

    test('a DESTROY Delete fails, naming SSM, and deletes nothing: it cannot know whether another resource declares the contact', async () => {
      server.seedAlternateContact(MEMBER, 'SECURITY', STORED_SECURITY);
      const claims = await unreachableClaims();

      await expect(
        handleContactsResourceEvent(
          alternateContactEvent('Delete', { AccountId: MEMBER, DeleteOnRemoval: 'true' }, `${MEMBER}/alternate-contact/SECURITY`),
          { ...context(), claims },
        ),
      ).rejects.toThrow(/releasing the claim .* in SSM Parameter Store failed/);

      expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
      expect(server.count('DeleteAlternateContact')).toBe(0);
    });
  });

  test('throttling (429) is retried until it succeeds', async () => {
    server.failNext('PutAlternateContact', 3, 429, 'TooManyRequestsException');

    await handleContactsResourceEvent(alternateContactEvent('Create', {}), context());

    expect(server.count('PutAlternateContact', 429)).toBe(3);
    expect(server.count('PutAlternateContact', 200)).toBe(1);
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toEqual(STORED_SECURITY);
  });

  test('server faults (5xx) are retried until they succeed', async () => {
    server.failNext('GetAlternateContact', 2, 500);

    await handleContactsResourceEvent(alternateContactEvent('Create', {}), context());

    expect(server.count('GetAlternateContact', 500)).toBe(2);
    expect(server.alternateContact(MANAGEMENT, 'SECURITY')).toEqual(STORED_SECURITY);
  });

  test('throttling beyond every retry fails with an explained message', async () => {
    server.failNext('PutAlternateContact', 10, 429, 'TooManyRequestsException');

    await expect(handleContactsResourceEvent(alternateContactEvent('Create', {}), context())).rejects.toThrow(
      /PutAlternateContact for the caller's own account 111111111111 was still throttled after every retry/,
    );
    expect(server.count('PutAlternateContact', 429)).toBe(FAST_RETRIES.maxAttempts);
  });

  test('access denied because trusted access is off is explained with the prerequisites', async () => {
    server.trustedAccess = false;

    const failure = handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: MEMBER }), context());

    await expect(failure).rejects.toThrow(
      /^GetAlternateContact for member account 222222222222 from account 111111111111 was denied \(AccessDeniedException: .*\)\. Check, in this order: \(1\) enable trusted access for AWS Account Management .*aws organizations enable-aws-service-access --service-principal account\.amazonaws\.com.*\(2\) call from the management account, or from the delegated administrator account/,
    );
    expect(server.count('PutAlternateContact')).toBe(0);
  });

  test('access denied is not retried', async () => {
    server.deniedAccountIds.add(MEMBER);

    await expect(handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: MEMBER }), context())).rejects.toThrow(/was denied/);
    expect(server.requests).toHaveLength(1);
  });

  test('a delegated administrator manages member accounts', async () => {
    await server.stop();
    server = await AccountApiServer.start({
      callerAccountId: '333333333333',
      managementAccountId: MANAGEMENT,
      delegatedAdministratorAccountId: '333333333333',
      memberAccountIds: [MEMBER],
    });
    const api = new AccountContactsApi(accountClient(server.endpoint), { callerAccountId: '333333333333', retry: FAST_RETRIES });

    await handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: MEMBER }), {
      api,
      ownAccountId: '333333333333',
      log: () => undefined,
    });

    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
  });

  test('invalid values that were tokens at synth time fail with every problem and the construct path, before any call', async () => {
    const failure = handleContactsResourceEvent(alternateContactEvent('Create', { EmailAddress: 'jane.doe@', PhoneNumber: 'call me' }), context());

    await expect(failure).rejects.toThrow(
      "Stack/Contacts: security.emailAddress 'j***e@' (9 characters, masked) does not match the AWS pattern ^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$ (Account Management API, AlternateContact.EmailAddress); " +
        "security.phoneNumber '**** **' (7 characters, masked) does not match the AWS pattern ^[\\s0-9()+-]+$ (Account Management API, AlternateContact.PhoneNumber)",
    );
    expect(server.requests).toEqual([]);
  });

  test('an invalid account id fails before any call', async () => {
    await expect(handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: '2222' }), context())).rejects.toThrow(
      "Stack/Contacts: accountId '2222' (4 characters) does not match the AWS pattern ^\\d{12}$",
    );
    expect(server.requests).toEqual([]);
  });

  test('an empty account id (an empty parameter at deploy time) fails before any call instead of writing the own account', async () => {
    await expect(handleContactsResourceEvent(alternateContactEvent('Create', { AccountId: '' }), context())).rejects.toThrow(
      "Stack/Contacts: accountId is empty: it must be a 12-digit account id; leave accountId out for the stack's own account",
    );
    expect(server.requests).toEqual([]);
  });

  test('an unknown request type fails and writes nothing', async () => {
    const event = { ...alternateContactEvent('Create', {}), RequestType: 'Upsert' as RequestType };
    await expect(handleContactsResourceEvent(event, context())).rejects.toThrow(
      "unsupported RequestType 'Upsert': CloudFormation sends Create, Update or Delete",
    );
    expect(server.requests).toEqual([]);
  });

  test.each([
    ['no ResourceProperties', { ResourceProperties: undefined }, 'the request has no ResourceProperties object'],
    ['ResourceProperties that are not an object', { ResourceProperties: 'SECURITY' }, 'the request has no ResourceProperties object'],
    ['no ResourceType', { ResourceType: undefined }, "unsupported resource type 'undefined'"],
  ])('a malformed request (%s) fails with a readable reason, not a TypeError, and writes nothing', async (_case, change, reason) => {
    const event = { ...alternateContactEvent('Create', {}), ...change } as unknown as CustomResourceEvent;
    const failure = handleContactsResourceEvent(event, context());
    await expect(failure).rejects.toThrow(reason);
    await expect(failure).rejects.not.toBeInstanceOf(TypeError);
    expect(server.requests).toEqual([]);
  });

  test('log lines hold no full email address or phone number', async () => {
    await handleContactsResourceEvent(alternateContactEvent('Create', {}), context());

    const logged = JSON.stringify(logLines);
    expect(logged).not.toContain(SECURITY.emailAddress);
    expect(logged).not.toContain(SECURITY.phoneNumber);
    expect(logged).toContain('s***y@example.com');
  });
});

describe('contact information', () => {
  const API_PRIMARY = {
    FullName: PRIMARY.fullName,
    CompanyName: PRIMARY.companyName!,
    AddressLine1: PRIMARY.addressLine1,
    City: PRIMARY.city,
    StateOrRegion: PRIMARY.stateOrRegion!,
    PostalCode: PRIMARY.postalCode,
    CountryCode: PRIMARY.countryCode,
    PhoneNumber: PRIMARY.phoneNumber,
    WebsiteUrl: PRIMARY.websiteUrl!,
  };

  function contactInformationEvent(requestType: RequestType, properties: Record<string, unknown>): CustomResourceEvent {
    return {
      ...alternateContactEvent(requestType, {}),
      ResourceType: CONTACT_INFORMATION_RESOURCE_TYPE,
      LogicalResourceId: 'PrimaryContact',
      ResourceProperties: { ServiceToken: 'arn', ConstructPath: 'Stack/PrimaryContact', ContactInformation: API_PRIMARY, ...properties },
    };
  }

  test('an empty account id fails before any call instead of writing the own account', async () => {
    await expect(handleContactsResourceEvent(contactInformationEvent('Update', { AccountId: '' }), context())).rejects.toThrow(
      'Stack/PrimaryContact: accountId is empty: it must be a 12-digit account id',
    );
    expect(server.requests).toEqual([]);
  });

  test('Create puts the primary contact of a member account', async () => {
    const result = await handleContactsResourceEvent(contactInformationEvent('Create', { AccountId: MEMBER }), context());

    expect(result).toEqual({ PhysicalResourceId: `${MEMBER}/contact-information`, Data: { AccountId: MEMBER, Changed: 'true' } });
    expect(server.contactInformation(MEMBER)).toEqual(API_PRIMARY);
  });

  test('Update with the same primary contact makes no Put call', async () => {
    server.seedContactInformation(MANAGEMENT, API_PRIMARY);

    const result = await handleContactsResourceEvent(contactInformationEvent('Update', {}), context());

    expect(result.Data?.Changed).toBe('false');
    expect(server.count('PutContactInformation')).toBe(0);
  });

  test('Update with a new phone number answers and logs that the phone is now UNVERIFIED, with the command that verifies it', async () => {
    server.seedContactInformation(MEMBER, { ...API_PRIMARY, PhoneNumber: '+1 206 555 0177' }, 'VERIFIED');
    const lines: Array<Record<string, unknown>> = [];

    const result = await handleContactsResourceEvent(contactInformationEvent('Update', { AccountId: MEMBER }), {
      ...context(),
      log: (line) => lines.push(line),
    });

    expect(result.Data).toEqual({
      AccountId: MEMBER,
      Changed: 'true',
      PhoneVerification: `UNVERIFIED: run account-contacts verify-phone --account-id ${MEMBER}`,
    });
    expect(server.verificationStatus(MEMBER)).toBe('UNVERIFIED');
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'contact-information', level: 'warn', warning: expect.stringContaining('verify-phone') }),
    );
    // Another field changed, the number kept: the verification stands, and nothing is said.
    const same = await handleContactsResourceEvent(
      contactInformationEvent('Update', { AccountId: MEMBER, ContactInformation: { ...API_PRIMARY, City: 'Tacoma' } }),
      context(),
    );
    expect(same.Data).toEqual({ AccountId: MEMBER, Changed: 'true' });
  });

  test('Update that removes an optional field puts the contact without it', async () => {
    server.seedContactInformation(MANAGEMENT, API_PRIMARY);
    const { WebsiteUrl: _website, ...withoutWebsite } = API_PRIMARY;

    await handleContactsResourceEvent(contactInformationEvent('Update', { ContactInformation: withoutWebsite }), context());

    expect(server.contactInformation(MANAGEMENT)).toEqual(withoutWebsite);
  });

  test('Delete leaves the primary contact in place and calls nothing', async () => {
    server.seedContactInformation(MANAGEMENT, API_PRIMARY);

    await handleContactsResourceEvent(contactInformationEvent('Delete', {}), context());

    expect(server.requests).toEqual([]);
    expect(server.contactInformation(MANAGEMENT)).toEqual(API_PRIMARY);
  });

  test('a missing state for a country that requires it fails with the rule', async () => {
    const { StateOrRegion: _state, ...withoutState } = API_PRIMARY;

    await expect(handleContactsResourceEvent(contactInformationEvent('Create', { ContactInformation: withoutState }), context())).rejects.toThrow(
      "Stack/PrimaryContact: contactInformation.stateOrRegion is required when countryCode is 'US'",
    );
  });
});

describe('API errors reaching the handler are explained', () => {
  test('a ValidationException from the API names the fields and masks the values', async () => {
    const api = new AccountContactsApi(accountClient(server.endpoint), { callerAccountId: MANAGEMENT, retry: FAST_RETRIES });
    await expect(api.putAlternateContact('SECURITY' as never, { ...SECURITY, emailAddress: 'jane@doe' }, {})).rejects.toThrow(
      /^PutAlternateContact for the caller's own account 111111111111 was rejected by the API's validation \(ValidationException on EmailAddress: /,
    );
  });

  test('access denied on the own account points at the role policy and service control policies', async () => {
    server.deniedAccountIds.add(MANAGEMENT);
    await expect(handleContactsResourceEvent(alternateContactEvent('Create', {}), context())).rejects.toThrow(
      /GetAlternateContact for the caller's own account 111111111111 was denied .*Check that the handler role's policy allows account:GetAlternateContact/,
    );
  });
});

describe('contacts held in SSM parameters', () => {
  const reader = (values: Record<string, string>) => async (name: string) => {
    if (!(name in values)) {
      throw new Error('it does not exist in this account and Region (ParameterNotFound): Parameter not found.');
    }
    return values[name];
  };

  test('a resource with a ParameterName and no reader fails with the reason, before any call', async () => {
    const event = alternateContactEvent('Create', {
      AccountId: MEMBER,
      ParameterName: '/contacts/security',
      Name: undefined,
      Title: undefined,
      EmailAddress: undefined,
      PhoneNumber: undefined,
    });
    await expect(handleContactsResourceEvent(event, context())).rejects.toThrow(
      'security is held in SSM parameter /contacts/security, and this function has no SSM client to read it',
    );
    expect(server.requests).toEqual([]);
  });

  test('an invalid parameter name or account id is refused before the parameter is read', async () => {
    const reads: string[] = [];
    const readParameter = async (name: string) => {
      reads.push(name);
      return JSON.stringify(SECURITY);
    };
    const event = alternateContactEvent('Create', { AccountId: '12345', ParameterName: 'contacts/security', Name: undefined });
    await expect(handleContactsResourceEvent(event, { ...context(), readParameter })).rejects.toThrow(
      /accountId '12345' .*; ParameterName 'contacts\/security' has levels but does not begin with '\/'/,
    );
    expect(reads).toEqual([]);
  });

  /** The rule's input for the SECURITY contact of MEMBER held in /contacts/security. */
  const properties = {
    ConstructPath: 'Stack/Contacts',
    AccountId: MEMBER,
    AlternateContactType: 'SECURITY',
    ParameterName: '/contacts/security',
    DeleteOnRemoval: 'false',
  };
  const change = {
    kind: CONTACT_PARAMETER_CHANGE_KIND,
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/guid',
    LogicalResourceId: 'ContactsSecurity1234ABCD',
    ResourceType: 'Custom::AccountAlternateContact',
    ResourceProperties: properties,
  } as const;

  test('a parameter change replays an Update of exactly the resource it names; a malformed change is refused', async () => {
    expect(isContactParameterChange(change)).toBe(true);
    const result = await handleContactParameterChange(change, {
      ...context(),
      readParameter: reader({ '/contacts/security': JSON.stringify(SECURITY) }),
    });
    expect(result.PhysicalResourceId).toBe(`${MEMBER}/alternate-contact/SECURITY`);
    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual(STORED_SECURITY);
    expect(logLines[0]).toEqual({
      event: 'contact-parameter-changed',
      parameterName: '/contacts/security',
      logicalResourceId: 'ContactsSecurity1234ABCD',
      resourceType: 'Custom::AccountAlternateContact',
    });

    const withoutName = { ...change, ResourceProperties: { ...properties, ParameterName: undefined } };
    await expect(handleContactParameterChange(withoutName as never, context())).rejects.toThrow(
      "must name the resource's properties with their ParameterName",
    );
    await expect(handleContactParameterChange({ ...change, StackId: undefined } as never, context())).rejects.toThrow(
      'must name the resource (StackId, LogicalResourceId)',
    );
  });
  test('two versions stored 0.3 s apart, the older one written last: the account ends with the newer value', async () => {
    const older = { ...SECURITY, name: 'Security Version One' };
    const newer = { ...SECURITY, name: 'Security Version Two' };
    // The parameter as SSM holds it now: each read returns its newest version.
    let stored = JSON.stringify(older);
    const readParameter = async () => stored;
    // The first event's invocation reads the older version, then its write is held back (a slow call) ...
    let releaseWrite: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseWrite = resolve));
    const slow = context();
    const putAlternateContact = slow.api.putAlternateContact.bind(slow.api);
    slow.api.putAlternateContact = async (...args: Parameters<typeof putAlternateContact>) => {
      await held;
      return putAlternateContact(...args);
    };
    const first = handleContactParameterChange(change, { ...slow, readParameter });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // ... while the newer version is stored and its own event's invocation writes it first.
    stored = JSON.stringify(newer);
    await handleContactParameterChange(change, { ...context(), readParameter });
    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(newer) });
    releaseWrite();
    await first;

    expect(server.alternateContact(MEMBER, 'SECURITY')).toEqual({ AlternateContactType: 'SECURITY', ...apiMembers(newer) });
    // The older value was written, then the newer again by the same invocation, which read the parameter after its write.
    expect(server.count('PutAlternateContact', 200)).toBe(3);
  });
});
