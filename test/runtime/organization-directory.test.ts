/**
 * The prerequisite checks and the tree walk: against moto_server for what it implements, and with a scripted
 * client (a supplement) for what it cannot produce: empty pages with a NextToken, a delegated administrator.
 */
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { OrganizationDirectory, PrerequisiteError } from '../../src/runtime/organization-directory';
import { FAST_RETRIES, organizationsClient } from '../support/clients';
import { MisbehavingOrganizations, OrganizationsFault } from '../support/misbehaving-organizations';
import { buildMotoOrganization } from '../support/moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from '../support/moto-server';

const moto = useMotoServer({ resetEachTest: true });

describe('against moto_server', () => {
  test('the tree walk finds every account with its units, nearest first, and describes one account the same way', async () => {
    const client = organizationsClient(moto.endpoint);
    const built = await buildMotoOrganization(client, 1, [
      { name: 'a', accounts: 1, units: [{ name: 'b', accounts: 1, units: [{ name: 'c', accounts: 1 }] }] },
    ]);
    const directory = new OrganizationDirectory(client, FAST_RETRIES);
    const accounts = await directory.listAccounts();
    const deepest = built.accountsByUnit.c[0];
    expect(accounts).toHaveLength(5);
    expect(accounts.find((account) => account.accountId === MOTO_ACCOUNT_ID)).toEqual({
      accountId: MOTO_ACCOUNT_ID,
      organizationalUnitIds: [],
      state: 'ACTIVE',
    });
    expect(accounts.find((account) => account.accountId === deepest)).toEqual({
      accountId: deepest,
      organizationalUnitIds: [built.unitIds.c, built.unitIds.b, built.unitIds.a],
      state: 'ACTIVE',
    });
    expect(await directory.describeAccount(deepest)).toEqual({
      accountId: deepest,
      organizationalUnitIds: [built.unitIds.c, built.unitIds.b, built.unitIds.a],
      state: 'ACTIVE',
    });
    await expect(directory.checkPrerequisites(MOTO_ACCOUNT_ID)).resolves.toMatchObject({
      callerRole: 'MANAGEMENT_ACCOUNT',
      managementAccountId: MOTO_ACCOUNT_ID,
    });
  });

  test('an organization without all features is refused with what to enable', async () => {
    const client = organizationsClient(moto.endpoint);
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    await expect(new OrganizationDirectory(client, FAST_RETRIES).checkPrerequisites(MOTO_ACCOUNT_ID)).rejects.toThrow(
      /has feature set CONSOLIDATED_BILLING: member accounts' contacts can be managed only with all features enabled/,
    );
  });
});

describe('with a scripted client', () => {
  function scripted(answers: Record<string, Array<Record<string, unknown>>>): { client: OrganizationsClient; calls: string[] } {
    const calls: string[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const operation = command.constructor.name.replace(/Command$/, '');
        calls.push(`${operation} ${JSON.stringify(command.input)}`);
        const queue = answers[operation];
        if (!queue || queue.length === 0) {
          throw new Error(`unexpected ${operation}`);
        }
        const answer = queue.shift()!;
        if (answer.error) {
          throw Object.assign(new Error(String(answer.error)), { name: answer.error });
        }
        return answer;
      },
    } as unknown as OrganizationsClient;
    return { client, calls };
  }

  test('empty pages with a NextToken are followed to the end; State decides, not the retired Status', async () => {
    const { client, calls } = scripted({
      ListRoots: [{ Roots: [{ Id: 'r-abcd' }] }],
      ListAccountsForParent: [
        { Accounts: [], NextToken: 't1' },
        { Accounts: [{ Id: '111111111111', State: 'ACTIVE', Status: 'ACTIVE' }], NextToken: 't2' },
        { Accounts: [], NextToken: 't3' },
        {
          Accounts: [
            { Id: '222222222222', State: 'SUSPENDED', Status: 'SUSPENDED' },
            { Id: '333333333333', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
          ],
        },
      ],
      ListChildren: [{ Children: [], NextToken: 'c1' }, { Children: [] }],
    });
    const accounts = await new OrganizationDirectory(client, FAST_RETRIES).listAccounts();
    expect(accounts.map((account) => `${account.accountId} ${account.state}`)).toEqual([
      '111111111111 ACTIVE',
      '222222222222 SUSPENDED',
      '333333333333 PENDING_CLOSURE',
    ]);
    expect(calls.filter((call) => call.startsWith('ListAccountsForParent'))).toHaveLength(4);
    expect(calls).toContain('ListAccountsForParent {"ParentId":"r-abcd","NextToken":"t3"}');
  });

  const organization = { Organization: { Id: 'o-abcdefghij', MasterAccountId: '999999999999', FeatureSet: 'ALL' } };

  test('a delegated administrator for account.amazonaws.com is accepted; another account is told how to register', async () => {
    const delegated = scripted({
      DescribeOrganization: [organization],
      ListDelegatedAdministrators: [{ DelegatedAdministrators: [{ Id: '444444444444' }] }],
      ListAWSServiceAccessForOrganization: [{ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }] }],
    });
    await expect(new OrganizationDirectory(delegated.client, FAST_RETRIES).checkPrerequisites('444444444444')).resolves.toEqual({
      organizationId: 'o-abcdefghij',
      managementAccountId: '999999999999',
      callerRole: 'DELEGATED_ADMINISTRATOR',
    });
    expect(delegated.calls).toContain('ListDelegatedAdministrators {"ServicePrincipal":"account.amazonaws.com"}');

    const member = scripted({ DescribeOrganization: [organization], ListDelegatedAdministrators: [{ error: 'AccessDeniedException' }] });
    await expect(new OrganizationDirectory(member.client, FAST_RETRIES).checkPrerequisites('555555555555')).rejects.toThrow(
      new PrerequisiteError(
        'account 555555555555 is neither the management account (999999999999) nor the delegated administrator for AWS Account Management: ' +
          'from the management account run aws organizations register-delegated-administrator --account-id 555555555555 --service-principal account.amazonaws.com, or deploy in the management account',
      ),
    );
  });

  test('throttling of Organizations is retried', async () => {
    const { client, calls } = scripted({
      DescribeOrganization: [{ error: 'TooManyRequestsException' }, organization],
      ListAWSServiceAccessForOrganization: [{ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }] }],
    });
    await expect(new OrganizationDirectory(client, FAST_RETRIES).checkPrerequisites('999999999999')).resolves.toMatchObject({
      callerRole: 'MANAGEMENT_ACCOUNT',
    });
    expect(calls.filter((call) => call.startsWith('DescribeOrganization'))).toHaveLength(2);
  });
});

describe('against an Organizations endpoint that misbehaves (a local server speaking JSON 1.1 to the real client)', () => {
  let endpoint: MisbehavingOrganizations | undefined;
  afterEach(async () => endpoint?.stop());

  test('a NextToken returned twice stops the walk at the second call, naming the call (main looped until the deadline)', async () => {
    endpoint = await MisbehavingOrganizations.start(OrganizationsFault.REPEATED_TOKEN);
    const directory = new OrganizationDirectory(organizationsClient(endpoint.endpoint), FAST_RETRIES);
    await expect(directory.listAccounts()).rejects.toThrow('organizations:ListRoots returned a NextToken it had returned before');
    expect(endpoint.totalCalls).toBe(2);
  });

  test('a unit listed as its own child stops the walk, naming the unit (main walked forever)', async () => {
    endpoint = await MisbehavingOrganizations.start(OrganizationsFault.UNIT_CYCLE);
    const directory = new OrganizationDirectory(organizationsClient(endpoint.endpoint), FAST_RETRIES);
    await expect(directory.listAccounts()).rejects.toThrow(
      /organizations:ListChildren of ou-abcd-11111111 returned ou-abcd-11111111, a parent already walked/,
    );
    expect(endpoint.calls.ListChildren).toBeLessThanOrEqual(3);
  });

  test('an endpoint that never answers fails at the deadline, naming the call', async () => {
    endpoint = await MisbehavingOrganizations.start(OrganizationsFault.HANG);
    const directory = new OrganizationDirectory(organizationsClient(endpoint.endpoint), FAST_RETRIES, Date.now() + 1_000);
    await expect(directory.listAccounts()).rejects.toThrow(/organizations:ListRoots did not answer before the run's deadline/);
  });
});
