/**
 * Organization listing: pagination with empty pages, and the ACTIVE filter on `State` (with the retired `Status`
 * as a fallback). A stub client supplements the moto-backed command tests, which cannot produce empty pages.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { namedAccounts, organizationAccounts } from '../../src/cli/account-list';

test('empty pages are followed, only ACTIVE accounts are kept, and the caller comes first', async () => {
  const pages = [
    { Accounts: [], NextToken: 'one' },
    {
      Accounts: [
        { Id: '333333333333', Name: 'c', State: 'ACTIVE' },
        { Id: '444444444444', Name: 'd', State: 'SUSPENDED', Status: 'ACTIVE' },
      ],
      NextToken: 'two',
    },
    { Accounts: [], NextToken: 'three' },
    {
      Accounts: [
        { Id: '111111111111', Name: 'management', Status: 'ACTIVE' },
        { Id: '222222222222', Name: 'b', State: 'PENDING_CLOSURE' },
      ],
    },
  ];
  const tokens: Array<string | undefined> = [];
  const client = {
    send: async (command: { input: { NextToken?: string } }) => {
      tokens.push(command.input.NextToken);
      return pages[tokens.length - 1];
    },
  } as unknown as OrganizationsClient;

  const accounts = await organizationAccounts(client, '111111111111');

  expect(tokens).toEqual([undefined, 'one', 'two', 'three']);
  expect(accounts).toEqual([
    { accountId: '111111111111', name: 'management', own: true },
    { accountId: '333333333333', name: 'c', own: false },
  ]);
});

test('named accounts are deduplicated and the caller is marked as its own', () => {
  expect(namedAccounts(['222222222222', '111111111111', '222222222222'], '111111111111')).toEqual([
    { accountId: '222222222222', own: false },
    { accountId: '111111111111', own: true },
  ]);
});
