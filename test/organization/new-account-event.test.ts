import { isAccountLifecycleEvent, isAccountMovedEvent, isAccountTagEvent, newAccountId } from '../../src/organization/new-account-event';

const serviceEvent = (source: string, detail: Record<string, unknown>) => ({
  id: 'e',
  source,
  'detail-type': 'AWS Service Event via CloudTrail',
  detail,
});

describe('newAccountId', () => {
  test('CreateAccountResult: the account id of a SUCCEEDED creation only', () => {
    const created = (state: string) =>
      serviceEvent('aws.organizations', {
        eventName: 'CreateAccountResult',
        serviceEventDetails: { createAccountStatus: { state, accountId: '123456789013' } },
      });
    expect(newAccountId(created('SUCCEEDED'))).toBe('123456789013');
    expect(newAccountId(created('FAILED'))).toBeUndefined();
    expect(newAccountId(created('IN_PROGRESS'))).toBeUndefined();
  });

  test('Control Tower CreateManagedAccount: the enrolled account id', () => {
    const event = serviceEvent('aws.controltower', {
      eventName: 'CreateManagedAccount',
      serviceEventDetails: { createManagedAccountStatus: { state: 'SUCCEEDED', account: { accountName: 'a', accountId: '210987654321' } } },
    });
    expect(isAccountLifecycleEvent(event)).toBe(true);
    expect(newAccountId(event)).toBe('210987654321');
  });

  test('AcceptHandshake: the ACCOUNT party, or the caller; nothing when the call failed', () => {
    const accepted = {
      source: 'aws.organizations',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: {
        eventName: 'AcceptHandshake',
        userIdentity: { accountId: '333333333333' },
        responseElements: {
          handshake: {
            parties: [
              { id: 'o-abcdefghij', type: 'ORGANIZATION' },
              { id: '333333333333', type: 'ACCOUNT' },
            ],
          },
        },
      },
    };
    expect(newAccountId(accepted)).toBe('333333333333');
    expect(newAccountId({ ...accepted, detail: { ...accepted.detail, responseElements: null } })).toBe('333333333333');
    expect(newAccountId({ ...accepted, detail: { ...accepted.detail, errorCode: 'HandshakeConstraintViolationException' } })).toBeUndefined();
  });

  test('MoveAccount: the moved account from the request; nothing when the call failed', () => {
    const moved = (extra: Record<string, unknown>) => ({
      ...serviceEvent('aws.organizations', { eventName: 'MoveAccount', ...extra }),
      'detail-type': 'AWS API Call via CloudTrail',
    });
    const event = moved({ requestParameters: { accountId: '123456789013', sourceParentId: 'r-abcd', destinationParentId: 'ou-abcd-12345678' } });
    expect(isAccountLifecycleEvent(event)).toBe(true);
    expect(isAccountMovedEvent(event)).toBe(true);
    expect(newAccountId(event)).toBe('123456789013');
    expect(newAccountId(moved({ errorCode: 'AccountNotFoundException', requestParameters: { accountId: '123456789013' } }))).toBeUndefined();
  });

  test('TagResource / UntagResource: the account from the request; nothing for a unit, root or policy, or a failed call', () => {
    const tagged = (eventName: string, extra: Record<string, unknown>) => ({
      ...serviceEvent('aws.organizations', { eventName, ...extra }),
      'detail-type': 'AWS API Call via CloudTrail',
    });
    const event = tagged('TagResource', { requestParameters: { resourceId: '123456789013', tags: [{ key: 'environment', value: 'sandbox' }] } });
    expect(isAccountLifecycleEvent(event)).toBe(true);
    expect(isAccountTagEvent(event)).toBe(true);
    expect(isAccountMovedEvent(event)).toBe(false);
    expect(newAccountId(event)).toBe('123456789013');
    expect(newAccountId(tagged('UntagResource', { requestParameters: { resourceId: '123456789013', tagKeys: ['environment'] } }))).toBe(
      '123456789013',
    );
    expect(newAccountId(tagged('TagResource', { requestParameters: { resourceId: 'ou-abcd-12345678' } }))).toBeUndefined();
    expect(newAccountId(tagged('TagResource', { requestParameters: { resourceId: 'p-abcdefgh12' } }))).toBeUndefined();
    expect(
      newAccountId(tagged('TagResource', { errorCode: 'AccessDeniedException', requestParameters: { resourceId: '123456789013' } })),
    ).toBeUndefined();
  });

  test('other events are not account lifecycle events; ids that are not 12 digits are ignored', () => {
    expect(isAccountLifecycleEvent(serviceEvent('aws.organizations', { eventName: 'CreateOrganizationalUnit' }))).toBe(false);
    expect(isAccountLifecycleEvent({ kind: 'RECONCILIATION' })).toBe(false);
    expect(
      newAccountId(
        serviceEvent('aws.organizations', {
          eventName: 'CreateAccountResult',
          serviceEventDetails: { createAccountStatus: { state: 'SUCCEEDED', accountId: 'abc' } },
        }),
      ),
    ).toBeUndefined();
  });
});
