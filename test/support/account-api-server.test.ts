/**
 * The local Account API server's own tests: its protocol is the one the real SDK speaks, and for what moto
 * implements, the same requests give the same answers from both.
 */
import {
  AccountClient,
  DeleteAlternateContactCommand,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  AcceptPrimaryEmailUpdateCommand,
  GetPrimaryEmailCommand,
  GetPrimaryEmailUpdateStatusCommand,
  StartPrimaryEmailUpdateCommand,
  PutAlternateContactCommand,
  PutContactInformationCommand,
  SendPhoneNumberVerificationCommand,
  VerifyPhoneNumberCommand,
} from '@aws-sdk/client-account';
import { AccountApiServer, PASSCODE_LIFETIME_MS, PASSCODE_SENDS_PER_DAY } from './account-api-server';
import { accountClient, organizationsClient } from './clients';
import { API_PRIMARY } from './contacts-fixtures';
import { createMotoOrganization } from './moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from './moto-server';

const moto = useMotoServer();

const CONTACT = { Name: 'Security team', Title: 'SOC', EmailAddress: 'security@example.com', PhoneNumber: '+1 206 555 0100' };

/** What an answer looks like from the caller's side: the output, or the error's name. */
async function answer(client: AccountClient, command: object): Promise<unknown> {
  try {
    const { $metadata: _metadata, ...output } = (await client.send(command as never)) as unknown as Record<string, unknown>;
    return { ok: output };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

test('the same alternate-contact requests get the same answers from moto_server and from this server', async () => {
  await moto.server.reset();
  const [member] = await createMotoOrganization(organizationsClient(moto.endpoint), 1);
  const local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [member] });
  try {
    const script = (accountId?: string) => [
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
      new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId, ...CONTACT }),
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
      new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId, ...CONTACT, Title: 'Security operations' }),
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
      new GetAlternateContactCommand({ AlternateContactType: 'BILLING', AccountId: accountId }),
      new DeleteAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId }),
    ];
    const commands = [...script(undefined), ...script(member)];
    const fromMoto = [];
    const fromLocal = [];
    for (const command of commands) {
      fromMoto.push(await answer(accountClient(moto.endpoint), command));
      fromLocal.push(await answer(accountClient(local.endpoint), command));
    }
    expect(fromLocal).toEqual(fromMoto);
    // The comparison is not empty: both stored, read back and deleted.
    expect(fromLocal).toContainEqual({ ok: { AlternateContact: { AlternateContactType: 'SECURITY', ...CONTACT, Title: 'Security operations' } } });
    expect(fromLocal).toContainEqual({ error: 'ResourceNotFoundException' });
  } finally {
    await local.stop();
  }
});

describe('what moto lacks', () => {
  let server: AccountApiServer;
  beforeEach(async () => {
    server = await AccountApiServer.start({ callerAccountId: '111111111111', memberAccountIds: ['222222222222'] });
  });
  afterEach(async () => server.stop());

  test('validation follows the API model and answers ValidationException with the field list', async () => {
    const failure = accountClient(server.endpoint).send(
      new PutAlternateContactCommand({
        AlternateContactType: 'SECURITY',
        Name: '',
        Title: 'SOC',
        EmailAddress: 'not-an-email',
        PhoneNumber: '+1 206 555 0100',
      }),
    );
    await expect(failure).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      reason: 'fieldValidationFailed',
      fieldList: expect.arrayContaining([
        { name: 'Name', message: 'Member must have length greater than or equal to 1' },
        { name: 'EmailAddress', message: expect.stringContaining('Member must satisfy regular expression pattern') },
      ]),
    });
  });

  test('an account outside the organization is denied, as AWS does (moto does not check membership)', async () => {
    await expect(
      accountClient(server.endpoint).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: '999999999999' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  test('the own account id given as AccountId is rejected as AWS does', async () => {
    await expect(
      accountClient(server.endpoint).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: '111111111111' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('can only be managed using the standalone context') });
  });

  test('a delegated administrator naming the management account, and a member naming another account, are refused as AWS does', async () => {
    const delegated = await AccountApiServer.start({
      callerAccountId: '333333333333',
      managementAccountId: '111111111111',
      delegatedAdministratorAccountId: '333333333333',
      memberAccountIds: ['222222222222'],
    });
    const member = await AccountApiServer.start({
      callerAccountId: '222222222222',
      managementAccountId: '111111111111',
      memberAccountIds: ['444444444444'],
    });
    try {
      await expect(
        accountClient(delegated.endpoint).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: '111111111111' })),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining('can only be managed using the standalone context'),
      });
      await expect(
        accountClient(delegated.endpoint).send(
          new PutAlternateContactCommand({
            AlternateContactType: 'SECURITY',
            AccountId: '222222222222',
            Name: 'SOC',
            Title: 'SOC',
            EmailAddress: 'soc@example.com',
            PhoneNumber: '+1 206 555 0100',
          }),
        ),
      ).resolves.toBeDefined();
      await expect(
        accountClient(member.endpoint).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: '444444444444' })),
      ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    } finally {
      await delegated.stop();
      await member.stop();
    }
  });

  test("GetPrimaryEmail reads a member's primary email from the management account or the delegated administrator, never the caller's own or the management account's", async () => {
    const delegated = await AccountApiServer.start({
      callerAccountId: '333333333333',
      managementAccountId: '111111111111',
      delegatedAdministratorAccountId: '333333333333',
      memberAccountIds: ['222222222222'],
    });
    try {
      delegated.seedPrimaryEmail('222222222222', 'jane.doe@example.com');
      const client = accountClient(delegated.endpoint);
      expect(await answer(client, new GetPrimaryEmailCommand({ AccountId: '222222222222' }))).toEqual({
        ok: { PrimaryEmail: 'jane.doe@example.com' },
      });
      // AccountId is required (the API model): the caller's own account has no call of its own.
      expect(await answer(client, new GetPrimaryEmailCommand({} as never))).toEqual({ error: 'ValidationException' });
      expect(await answer(client, new GetPrimaryEmailCommand({ AccountId: '333333333333' }))).toEqual({ error: 'AccessDeniedException' });
      expect(await answer(client, new GetPrimaryEmailCommand({ AccountId: '111111111111' }))).toEqual({ error: 'AccessDeniedException' });
      // An account never seeded answers the alias it was created with.
      delegated.memberAccountIds.add('444444444444');
      expect(await answer(client, new GetPrimaryEmailCommand({ AccountId: '444444444444' }))).toEqual({
        ok: { PrimaryEmail: 'aws-root+444444444444@example.com' },
      });
    } finally {
      await delegated.stop();
    }
  });

  test('a primary email update: started (passcode to the new address), accepted with the same address, completed later; 3 starts per 30 s', async () => {
    let now = 1_800_000_000_000;
    const local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: ['222222222222'], now: () => now });
    try {
      const client = accountClient(local.endpoint);
      const member = { AccountId: '222222222222' };
      expect(await answer(client, new GetPrimaryEmailUpdateStatusCommand(member))).toEqual({ error: 'ResourceNotFoundException' });
      expect(await answer(client, new StartPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: 'aws-new@example.com' }))).toEqual({
        ok: { Status: 'PENDING' },
      });
      const code = local.sentEmailPasscode('222222222222')!;
      expect(await answer(client, new AcceptPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: 'aws-other@example.com', Otp: code }))).toEqual({
        error: 'ValidationException',
      });
      expect(await answer(client, new AcceptPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: 'aws-new@example.com', Otp: code }))).toEqual({
        ok: { Status: 'ACCEPTED' },
      });
      expect(await answer(client, new GetPrimaryEmailCommand(member))).toEqual({ ok: { PrimaryEmail: 'aws-root+222222222222@example.com' } });
      now += local.emailUpdateCompletionMs;
      expect(await answer(client, new GetPrimaryEmailUpdateStatusCommand(member))).toMatchObject({ ok: { Status: 'COMPLETED' } });
      expect(await answer(client, new GetPrimaryEmailCommand(member))).toEqual({ ok: { PrimaryEmail: 'aws-new@example.com' } });
      // Two more starts fit in the 30 seconds of the first; the fourth is refused until they have passed.
      for (const email of ['aws-a@example.com', 'aws-b@example.com']) {
        expect(await answer(client, new StartPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: email }))).toEqual({ ok: { Status: 'PENDING' } });
      }
      expect(await answer(client, new StartPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: 'aws-c@example.com' }))).toEqual({
        error: 'TooManyRequestsException',
      });
      now += 30_000;
      expect(await answer(client, new StartPrimaryEmailUpdateCommand({ ...member, PrimaryEmail: 'aws-c@example.com' }))).toEqual({
        ok: { Status: 'PENDING' },
      });
    } finally {
      await local.stop();
    }
  });

  test('a rate limit answers 429 TooManyRequestsException beyond the burst', async () => {
    server.setRateLimit('GetAlternateContact', { ratePerSecond: 1, burst: 2 });
    const client = accountClient(server.endpoint);
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await answer(client, new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })));
    }
    expect(answers).toEqual([
      { error: 'ResourceNotFoundException' },
      { error: 'ResourceNotFoundException' },
      { error: 'TooManyRequestsException' },
      { error: 'TooManyRequestsException' },
    ]);
    expect(server.count('GetAlternateContact', 429)).toBe(2);
  });

  test('a fault rate answers a deterministic share of requests with 500', async () => {
    server.faultRate = 0.3;
    const client = accountClient(server.endpoint);
    for (let i = 0; i < 200; i++) {
      await answer(client, new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    }
    const faults = server.count('GetAlternateContact', 500);
    expect(faults).toBeGreaterThan(30);
    expect(faults).toBeLessThan(90);
  });

  test('contact information is stored and read back', async () => {
    const information = {
      FullName: 'Cloud Team',
      AddressLine1: '1 Main St',
      City: 'Paris',
      PostalCode: '75001',
      CountryCode: 'FR',
      PhoneNumber: '+33 1 00 00 00 00',
    };
    await accountClient(server.endpoint).send(new PutContactInformationCommand({ AccountId: '222222222222', ContactInformation: information }));
    expect(server.contactInformation('222222222222')).toEqual(information);
  });

  test('unsigned requests are refused', async () => {
    const response = await fetch(`${server.endpoint}/getContactInformation`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
  });
});

describe('primary phone verification, as the API reference describes it', () => {
  const PRIMARY = { ...API_PRIMARY, PhoneNumber: '+1 206 555 0100' };
  const MEMBER = '222233334444';
  let clock = 1_800_000_000_000;
  let local: AccountApiServer;
  let client: AccountClient;
  const status = async (accountId?: string) => (await client.send(new GetContactInformationCommand({ AccountId: accountId }))).VerificationStatus;
  beforeEach(async () => {
    local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: [MEMBER], now: () => clock });
    client = accountClient(local.endpoint);
  });
  afterEach(async () => local.stop());

  test('a new or changed phone is UNVERIFIED; the passcode sent by SMS makes it VERIFIED; other changes keep the status', async () => {
    await client.send(new PutContactInformationCommand({ ContactInformation: PRIMARY }));
    expect(await status()).toBe('UNVERIFIED');
    expect((await client.send(new SendPhoneNumberVerificationCommand({}))).Status).toBe('PENDING');
    expect(await status()).toBe('PENDING');
    const code = local.sentPasscode(MOTO_ACCOUNT_ID)!;
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(await answer(client, new VerifyPhoneNumberCommand({ Otp: code === '000000' ? '111111' : '000000' }))).toEqual({
      error: 'ValidationException',
    });
    expect(await answer(client, new VerifyPhoneNumberCommand({ Otp: '12345' }))).toEqual({ error: 'ValidationException' });
    expect((await client.send(new VerifyPhoneNumberCommand({ Otp: code }))).Status).toBe('VERIFIED');
    expect(await status()).toBe('VERIFIED');
    await client.send(new PutContactInformationCommand({ ContactInformation: { ...PRIMARY, City: 'Tacoma' } }));
    expect(await status()).toBe('VERIFIED');
    await client.send(new PutContactInformationCommand({ ContactInformation: { ...PRIMARY, PhoneNumber: '+1 206 555 0199' } }));
    expect(await status()).toBe('UNVERIFIED');
  });

  test('a passcode is refused once the number changed (ConflictException) or after 5 minutes (ValidationException)', async () => {
    await client.send(new PutContactInformationCommand({ ContactInformation: PRIMARY }));
    await client.send(new SendPhoneNumberVerificationCommand({}));
    const first = local.sentPasscode(MOTO_ACCOUNT_ID)!;
    await client.send(new PutContactInformationCommand({ ContactInformation: { ...PRIMARY, PhoneNumber: '+1 206 555 0199' } }));
    expect(await answer(client, new VerifyPhoneNumberCommand({ Otp: first }))).toEqual({ error: 'ConflictException' });
    await client.send(new SendPhoneNumberVerificationCommand({}));
    clock += PASSCODE_LIFETIME_MS + 1;
    expect(await answer(client, new VerifyPhoneNumberCommand({ Otp: local.sentPasscode(MOTO_ACCOUNT_ID)! }))).toEqual({
      error: 'ValidationException',
    });
    expect(await status()).toBe('PENDING');
  });

  test('a member account is verified from the management account with AccountId; sends are limited per day; no contact, no passcode', async () => {
    expect(await answer(client, new SendPhoneNumberVerificationCommand({ AccountId: MEMBER }))).toEqual({ error: 'ResourceNotFoundException' });
    expect(await answer(client, new VerifyPhoneNumberCommand({ AccountId: MEMBER, Otp: '123456' }))).toEqual({ error: 'ResourceNotFoundException' });
    await client.send(new PutContactInformationCommand({ AccountId: MEMBER, ContactInformation: PRIMARY }));
    for (let sent = 0; sent < PASSCODE_SENDS_PER_DAY; sent++) {
      await client.send(new SendPhoneNumberVerificationCommand({ AccountId: MEMBER }));
    }
    expect(await answer(client, new SendPhoneNumberVerificationCommand({ AccountId: MEMBER }))).toEqual({ error: 'TooManyRequestsException' });
    expect((await client.send(new VerifyPhoneNumberCommand({ AccountId: MEMBER, Otp: local.sentPasscode(MEMBER)! }))).Status).toBe('VERIFIED');
    expect(await status(MEMBER)).toBe('VERIFIED');
    expect(local.verificationStatus(MOTO_ACCOUNT_ID)).toBeUndefined();
    clock += 24 * 3_600_000;
    expect((await client.send(new SendPhoneNumberVerificationCommand({ AccountId: MEMBER }))).Status).toBe('VERIFIED');
  });
});
