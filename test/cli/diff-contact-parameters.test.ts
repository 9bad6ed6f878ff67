/**
 * `diff` of a cloud assembly whose contacts are held in SSM parameters: the command reads them from moto's SSM as the
 * functions do (decrypted, checked with the same rules) and compares the accounts with them. A parameter that cannot
 * be read, or holds an invalid contact, is exit 2 with the reason, never "No drift".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { App, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AccountContactDetails, OrganizationContacts, SecurityContacts } from '../../src';
import { contactInformationToApiMembers } from '../../src/contacts/api-members';
import { AccountApiServer } from '../support/account-api-server';
import { CliEndpoints, localCliEndpoints, runCli } from '../support/cli';
import { localClientConfig, organizationsClient } from '../support/clients';
import { PRIMARY, SECURITY, apiMembers } from '../support/contacts-fixtures';
import { BuiltOrganization, buildMotoOrganization } from '../support/moto-organization';
import { useMotoServer } from '../support/moto-server';

jest.setTimeout(120_000);

const MANAGEMENT = '111122223333';
const MOVED_SECURITY = { ...SECURITY, name: 'Security Incident Response', emailAddress: 'security-ir@example.com' };

const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-parameters-'));
const moto = useMotoServer({ accountId: MANAGEMENT });
let organization: BuiltOrganization;
let local: AccountApiServer;
let endpoints: CliEndpoints;
let parameters: SSMClient;
const environment = () => ({ AWS_ENDPOINT_URL_SSM: moto.endpoint });

const put = (name: string, value: unknown) =>
  parameters.send(
    new PutParameterCommand({ Name: name, Value: typeof value === 'string' ? value : JSON.stringify(value), Type: 'SecureString', Overwrite: true }),
  );

function synth(name: string, build: (stack: Stack) => void): string {
  const app = new App({ outdir: path.join(workDirectory, name) });
  build(new Stack(app, 'Contacts', { env: { account: MANAGEMENT, region: 'us-east-1' } }));
  return app.synth().directory;
}

beforeAll(async () => {
  organization = await buildMotoOrganization(organizationsClient(moto.endpoint), 3, []);
  local = await AccountApiServer.start({ callerAccountId: MANAGEMENT, memberAccountIds: organization.memberAccountIds });
  endpoints = localCliEndpoints(local.endpoint, moto.endpoint);
  parameters = new SSMClient({ ...localClientConfig(moto.endpoint), region: 'us-east-1' });
});
beforeEach(async () => {
  await put('/contacts/security', SECURITY);
  await put('/contacts/primary', PRIMARY);
  for (const accountId of [MANAGEMENT, ...organization.memberAccountIds]) {
    local.seedAlternateContact(accountId, 'SECURITY', apiMembers(SECURITY));
  }
  local.seedContactInformation(MANAGEMENT, contactInformationToApiMembers(PRIMARY));
});
afterAll(async () => {
  parameters?.destroy();
  await local?.stop();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

describe('SecurityContacts and AccountContactDetails', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synth('own.out', (stack) => {
      new SecurityContacts(stack, 'Security', {
        contactParameters: { security: ssm.StringParameter.fromStringParameterName(stack, 'S', '/contacts/security') },
      });
      new AccountContactDetails(stack, 'Primary', {
        contactInformationParameter: ssm.StringParameter.fromStringParameterName(stack, 'P', '/contacts/primary'),
      });
    });
  });

  test("the parameters' contacts are compared: no drift, then drift when the parameter moves on", async () => {
    const same = await runCli(['diff', '--expected', outdir], endpoints, environment());
    expect(same.stderr).toBe('');
    expect(same.stdout).toContain('No drift.');
    expect(same.exitCode).toBe(0);

    await put('/contacts/security', MOVED_SECURITY);
    const moved = await runCli(['diff', '--expected', outdir, '--format', 'json'], endpoints, environment());
    expect(moved.exitCode).toBe(1);
    expect(JSON.parse(moved.stdout).differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contact: 'SECURITY', field: 'emailAddress', expected: 's***r@example.com', actual: 's***y@example.com' }),
      ]),
    );
  });

  test('a missing parameter or an invalid value is exit 2 with the reason, masked', async () => {
    await parameters.send(new DeleteParameterCommand({ Name: '/contacts/primary' }));
    const missing = await runCli(['diff', '--expected', outdir], endpoints, environment());
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(
      /Contacts\.template\.json Primary[0-9A-F]{8}: contactInformation: SSM parameter \/contacts\/primary cannot be read: it does not exist in this account and Region \(ParameterNotFound\)/,
    );

    await put('/contacts/primary', PRIMARY);
    await put('/contacts/security', { ...SECURITY, emailAddress: 'security at example.com' });
    const invalid = await runCli(['diff', '--expected', outdir], endpoints, environment());
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('security.emailAddress');
    expect(invalid.stderr).toContain('(value of SSM parameter /contacts/security)');
    expect(invalid.stderr).not.toContain('security at example.com');
  });
});

test('OrganizationContacts: the default held in a parameter is compared on every account', async () => {
  const outdir = synth('organization.out', (stack) => {
    new OrganizationContacts(stack, 'Organization', {
      contactParameters: { security: ssm.StringParameter.fromStringParameterName(stack, 'S', '/contacts/security') },
    });
  });
  const same = await runCli(['diff', '--expected', outdir], endpoints, environment());
  expect(same.stderr).toBe('');
  expect(same.stdout).toContain('Compared 4 accounts');
  expect(same.stdout).toContain('No drift.');

  await put('/contacts/security', MOVED_SECURITY);
  const moved = await runCli(['diff', '--expected', outdir, '--format', 'json'], endpoints, environment());
  expect(moved.exitCode).toBe(1);
  const differences = JSON.parse(moved.stdout).differences as Array<{ accountId: string; field: string }>;
  expect(new Set(differences.filter((difference) => difference.field === 'emailAddress').map((difference) => difference.accountId))).toEqual(
    new Set([MANAGEMENT, ...organization.memberAccountIds]),
  );
});
