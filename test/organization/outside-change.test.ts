/**
 * Outside changes end to end: a contact changed by another principal (played on the local Account API server, with
 * the CloudTrail event EventBridge would deliver) is reported once with masked values and written back for that
 * account only; NOTIFY leaves it; the function's own writes, unmanaged contacts and changes without drift are quiet.
 */
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { describeOutsideChange } from '../../src/organization/outside-change';
import { RunTrigger } from '../../src/organization/run-state-machine';
import { BILLING, SECURITY, apiMembers, organizationDeclaration } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { useOrganizationHarness } from '../support/organization-harness';

const fixture = useOrganizationHarness();
let members: string[];
const KEY = 'declaration.json';
const ALICE = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123/alice@example.com';
const ALICE_MASKED = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123/a***e@example.com';
const CHANGED = { ...SECURITY, name: 'Alice Example', emailAddress: 'alice.example@example.com', phoneNumber: '+1 206 555 0142' };

beforeEach(async () => {
  members = (await fixture.harness.buildOrganization(3)).memberAccountIds;
  fixture.harness.declarations.set(KEY, organizationDeclaration({ excludeAccountIds: [members[2]] }));
  for (const accountId of [MOTO_ACCOUNT_ID, ...members]) {
    fixture.harness.accountServer.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
    fixture.harness.accountServer.seedAlternateContact(accountId, 'BILLING', apiMembers(BILLING));
  }
  fixture.harness.accountServer.requests.length = 0;
});

interface Call {
  readonly eventName?: string;
  readonly accountId?: string;
  readonly type?: string;
  readonly principal?: string;
  readonly issuer?: string;
}

function changeEvent({ eventName = 'PutAlternateContact', accountId, type = 'SECURITY', principal = ALICE, issuer }: Call, id = 'event-1') {
  return {
    id: id,
    source: 'aws.account',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName,
      eventTime: '2026-11-24T10:00:00Z',
      recipientAccountId: MOTO_ACCOUNT_ID,
      userIdentity: {
        type: 'AssumedRole',
        arn: principal,
        sessionContext: {
          sessionIssuer: { arn: issuer ?? principal.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, 'arn:aws:iam::$1:role/$2') },
        },
      },
      // CloudTrail hides the values of the Account Management API's requests.
      requestParameters: {
        ...(accountId ? { accountId } : {}),
        ...(eventName === 'PutContactInformation' ? {} : { alternateContactType: type }),
        ...(eventName === 'PutAlternateContact' ? { emailAddress: 'HIDDEN_DUE_TO_SECURITY_REASONS' } : {}),
      },
    },
  };
}

async function deliver(event: object, outsideChangeAction?: 'RESTORE' | 'NOTIFY') {
  await handleOrganizationEvent(event, fixture.harness.context(), { currentDeclarationKey: KEY, outsideChangeAction });
  await fixture.harness.drain();
}

const security = (accountId: string) => fixture.harness.accountServer.alternateContact(accountId, 'SECURITY');
const touched = () => new Set(fixture.harness.accountServer.requests.map((request) => request.accountId ?? MOTO_ACCOUNT_ID));

test('RESTORE (the default): one notification naming the account, the type and who, masked; the declared contact written back to that account only', async () => {
  fixture.harness.accountServer.seedAlternateContact(members[0], 'SECURITY', apiMembers(CHANGED));
  await deliver(changeEvent({ accountId: members[0] }));

  expect(security(members[0])).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  expect(touched()).toEqual(new Set([members[0]]));
  expect(fixture.harness.logged('run-started')).toEqual([expect.objectContaining({ trigger: RunTrigger.OUTSIDE_CHANGE, accounts: 1 })]);
  expect(fixture.harness.outsideChangeNotifications).toHaveLength(1);
  const { subject, message } = fixture.harness.outsideChangeNotifications[0];
  expect(subject).toBe(`cdk-account-contacts: SECURITY contact of ${members[0]} changed outside Stack/OrganizationContacts`);
  // The role stays readable; the session name (an Identity Center user's email address) is masked.
  expect(message).toContain(
    `The SECURITY contact of account ${members[0]} was changed by ${ALICE_MASKED} (PutAlternateContact at 2026-11-24T10:00:00Z).`,
  );
  expect(message).toContain('It now holds: A***, S***, a***e@example.com, +* *** *** **42.');
  expect(message).toContain('The declared contact is being written back now.');
  // Personal data: the contacts' values and the person who changed them never in full, in the message or the log.
  expect(message).not.toMatch(/alice\.example@example\.com|555 0142|security@example\.com|alice@example\.com/);
  expect(JSON.stringify(fixture.harness.logs)).not.toMatch(/alice\.example@example\.com|alice@example\.com/);
  expect(fixture.harness.logged('outside-change')).toEqual([expect.objectContaining({ principal: ALICE_MASKED })]);
});

test('NOTIFY: the notification says it is left as is; nothing is written and no run starts', async () => {
  fixture.harness.accountServer.seedAlternateContact(members[1], 'SECURITY', apiMembers(CHANGED));
  await deliver(changeEvent({ accountId: members[1] }), 'NOTIFY');
  expect(security(members[1])).toEqual(expect.objectContaining(apiMembers(CHANGED)));
  expect(fixture.harness.accountServer.requests.filter((request) => request.operation.startsWith('Put'))).toEqual([]);
  expect(fixture.harness.logged('run-started')).toEqual([]);
  expect(fixture.harness.outsideChangeNotifications.map((notification) => notification.message)).toEqual([
    expect.stringContaining('left as is until the next reconciliation (onOutsideChange: NOTIFY)'),
  ]);
});

test("a deleted contact and the management account's own contact (no AccountId) are restored too", async () => {
  fixture.harness.accountServer.removeAlternateContact(members[0], 'BILLING');
  fixture.harness.accountServer.seedAlternateContact(MOTO_ACCOUNT_ID, 'SECURITY', apiMembers(CHANGED));
  await deliver(changeEvent({ eventName: 'DeleteAlternateContact', accountId: members[0], type: 'BILLING' }, 'event-delete'));
  await deliver(changeEvent({}, 'event-own'));
  expect(fixture.harness.accountServer.alternateContact(members[0], 'BILLING')).toEqual(expect.objectContaining(apiMembers(BILLING)));
  expect(security(MOTO_ACCOUNT_ID)).toEqual(expect.objectContaining(apiMembers(SECURITY)));
  expect(fixture.harness.outsideChangeNotifications.map((notification) => notification.message)).toEqual([
    expect.stringContaining('It now holds: nothing (deleted).'),
    expect.stringContaining(`The SECURITY contact of account ${MOTO_ACCOUNT_ID} was changed by`),
  ]);
});

test("quiet: the function's own writes, an excluded account, an undeclared type, a change that kept the declared values, a failed call", async () => {
  fixture.harness.accountServer.seedAlternateContact(members[2], 'SECURITY', apiMembers(CHANGED));
  fixture.harness.accountServer.seedAlternateContact(members[0], 'OPERATIONS', apiMembers(CHANGED));
  const ownSession = fixture.harness.ownRoleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/worker';
  await deliver(changeEvent({ accountId: members[0], principal: ownSession, issuer: fixture.harness.ownRoleArn }, 'own'));
  await deliver(changeEvent({ accountId: members[2] }, 'excluded'));
  await deliver(changeEvent({ accountId: members[0], type: 'OPERATIONS' }, 'undeclared'));
  await deliver(changeEvent({ accountId: members[1] }, 'same-values'));
  const failed = changeEvent({ accountId: members[0] }, 'failed');
  await deliver({ ...failed, detail: { ...failed.detail, errorCode: 'AccessDeniedException' } });

  expect(fixture.harness.outsideChangeNotifications).toEqual([]);
  expect(fixture.harness.logged('run-started')).toEqual([]);
  expect(fixture.harness.logged('own-contact-change')).toHaveLength(1);
  expect(fixture.harness.logged('contact-change-unmanaged').map((line) => line.accountId)).toEqual([members[2], members[0]]);
  expect(fixture.harness.logged('outside-change-without-drift')).toEqual([expect.objectContaining({ accountId: members[1] })]);
  expect(fixture.harness.logged('contact-change-ignored')).toHaveLength(1);
  expect(security(members[2])).toEqual(expect.objectContaining(apiMembers(CHANGED)));
});

test('the event is read as CloudTrail writes it: the account (or the recipient), the type, who', () => {
  expect(describeOutsideChange(changeEvent({ accountId: '222233334444', type: 'billing' }))).toEqual({
    accountId: '222233334444',
    contactType: 'BILLING',
    eventName: 'PutAlternateContact',
    principal: ALICE_MASKED,
    principalRole: 'arn:aws:iam::111111111111:role/AWSReservedSSO_AdministratorAccess_0123',
    time: '2026-11-24T10:00:00Z',
  });
  expect(describeOutsideChange(changeEvent({ eventName: 'PutContactInformation' }))).toMatchObject({
    accountId: MOTO_ACCOUNT_ID,
    contactType: 'PRIMARY',
  });
  expect(describeOutsideChange(changeEvent({ accountId: 'not-an-id' }))).toBeUndefined();
  expect(describeOutsideChange(changeEvent({ type: 'LEGAL' }))).toBeUndefined();
});
