import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';

/**
 * Builds an organization in moto_server with real Organizations calls and returns its member account ids.
 */
export async function createMotoOrganization(client: OrganizationsClient, memberCount: number): Promise<string[]> {
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members: string[] = [];
  for (let i = 0; i < memberCount; i++) {
    const created = await client.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `aws+member-${i}@example.com` }));
    const status = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    members.push(status.CreateAccountStatus!.AccountId!);
  }
  return members;
}
