/**
 * A small world for the command's tests: a moto organization with two member accounts, a declaration file of their
 * SECURITY contact, and a fresh Account API server (and the endpoints to reach it) for each test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AccountApiServer } from './account-api-server';
import { CliEndpoints, localCliEndpoints } from './cli';
import { organizationsClient } from './clients';
import { SECURITY } from './contacts-fixtures';
import { buildMotoOrganization } from './moto-organization';
import { MOTO_ACCOUNT_ID, useMotoServer } from './moto-server';

export interface DeclaredMembers {
  readonly members: string[];
  /** The declaration file: each member's SECURITY contact. */
  readonly declaration: string;
  readonly local: AccountApiServer;
  readonly endpoints: CliEndpoints;
}

/** Registers the hooks; read the fields inside tests. */
export function useDeclaredMembers(): DeclaredMembers {
  const moto = useMotoServer();
  const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'declared-members-'));
  const world = { declaration: path.join(workDirectory, 'contacts.yaml') } as { -readonly [K in keyof DeclaredMembers]: DeclaredMembers[K] };
  beforeAll(async () => {
    world.members = (await buildMotoOrganization(organizationsClient(moto.endpoint), 2)).memberAccountIds;
    fs.writeFileSync(world.declaration, stringify({ accounts: world.members.map((accountId) => ({ accountId, security: SECURITY })) }));
  });
  beforeEach(async () => {
    world.local = await AccountApiServer.start({ callerAccountId: MOTO_ACCOUNT_ID, memberAccountIds: world.members });
    world.endpoints = localCliEndpoints(world.local.endpoint, moto.endpoint);
  });
  afterEach(async () => world.local.stop());
  afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));
  return world;
}
