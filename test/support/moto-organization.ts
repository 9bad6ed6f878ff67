/**
 * Organizations in moto_server, built with real Organizations calls: the one builder of every test that needs an
 * organization (handler, command, Terraform, organization function, simulator).
 */
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';

/** An organizational unit to create: its name, the accounts directly in it, and nested units. */
export interface UnitLayout {
  readonly name: string;
  readonly accounts: number;
  readonly units?: UnitLayout[];
}

/** The organization built in moto: account ids by unit name (`root` for accounts in the root), unit ids by name. */
export interface BuiltOrganization {
  readonly rootId: string;
  readonly accountsByUnit: Record<string, string[]>;
  readonly unitIds: Record<string, string>;
  readonly memberAccountIds: string[];
}

/**
 * Creates an organization (all features, trusted access for account.amazonaws.com) with `rootAccounts` accounts
 * in the root and the given units, nested as laid out.
 */
export async function buildMotoOrganization(
  client: OrganizationsClient,
  rootAccounts: number,
  units: UnitLayout[] = [],
  trustedAccess = true,
): Promise<BuiltOrganization> {
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  if (trustedAccess) {
    await client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'account.amazonaws.com' }));
  }
  const rootId = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
  const built: BuiltOrganization = { rootId, accountsByUnit: {}, unitIds: {}, memberAccountIds: [] };
  let counter = 0;
  const createAccounts = async (count: number, unitName: string, parentId: string) => {
    built.accountsByUnit[unitName] = [];
    for (let i = 0; i < count; i++) {
      const name = `${unitName}-${counter++}`;
      const { accountId } = await addMotoAccount(client, name);
      if (parentId !== rootId) {
        await client.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: parentId }));
      }
      built.accountsByUnit[unitName].push(accountId);
      built.memberAccountIds.push(accountId);
    }
  };
  await createAccounts(rootAccounts, 'root', rootId);
  const createUnits = async (layouts: UnitLayout[], parentId: string) => {
    for (const layout of layouts) {
      const unit = await client.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: layout.name }));
      built.unitIds[layout.name] = unit.OrganizationalUnit!.Id!;
      await createAccounts(layout.accounts, layout.name, unit.OrganizationalUnit!.Id!);
      await createUnits(layout.units ?? [], unit.OrganizationalUnit!.Id!);
    }
  };
  await createUnits(units, rootId);
  return built;
}

/** Creates one account in the organization (in its root), as CreateAccount does: its id and the request id. */
export async function addMotoAccount(client: OrganizationsClient, name: string): Promise<{ accountId: string; createAccountRequestId: string }> {
  const created = await client.send(new CreateAccountCommand({ AccountName: name, Email: `aws+${name}@example.com` }));
  const createAccountRequestId = created.CreateAccountStatus!.Id!;
  const status = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: createAccountRequestId }));
  return { accountId: status.CreateAccountStatus!.AccountId!, createAccountRequestId };
}

/** An organization (all features, no trusted access) with `memberCount` accounts in its root: their ids. */
export async function createMotoOrganization(client: OrganizationsClient, memberCount: number): Promise<string[]> {
  return (await buildMotoOrganization(client, memberCount, [], false)).memberAccountIds;
}
