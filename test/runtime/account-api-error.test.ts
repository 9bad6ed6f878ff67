import { explainAccountApiError } from '../../src/runtime/account-api-error';

const call = { operation: 'DeleteAlternateContact', memberAccountId: '222222222222', callerAccountId: '111111111111' };

test("a denial by the role's own policy points at that policy first, not at trusted access", () => {
  const error = Object.assign(
    new Error(
      'User: arn:aws:sts::111111111111:assumed-role/handler/fn is not authorized to perform: account:DeleteAlternateContact on resource: ' +
        'arn:aws:account::111111111111:account/o-abc/222222222222 because no identity-based policy allows the account:DeleteAlternateContact action',
    ),
    { name: 'AccessDeniedException' },
  );

  const explained = explainAccountApiError(error, call).message;

  expect(explained).toMatch(
    /^DeleteAlternateContact for member account 222222222222 from account 111111111111 was denied by the caller's IAM policy/,
  );
  expect(explained).toContain('allow account:DeleteAlternateContact on arn:aws:account::<management account>:account/o-<organization>/222222222222');
  expect(explained).not.toContain('enable trusted access');
});

test('an explicit deny in an identity-based policy is named as such', () => {
  const error = Object.assign(
    new Error('User: x is not authorized to perform: account:PutAlternateContact with an explicit deny in an identity-based policy'),
    { name: 'AccessDeniedException' },
  );
  expect(explainAccountApiError(error, { ...call, operation: 'PutAlternateContact' }).message).toContain(
    "an explicit deny in an identity-based policy (a permissions boundary or the role's own policy)",
  );
});

test('any other denial of a member account lists the organization prerequisites, trusted access first', () => {
  const error = Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'AccessDeniedException' });
  expect(explainAccountApiError(error, call).message).toContain('Check, in this order: (1) enable trusted access');
});
