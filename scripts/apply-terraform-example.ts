/**
 * Applies a synthesized Terraform package example (a stack folder holding `cdk.tf.json`, as a user's `synth` writes
 * it) with the real `terraform` and the machine's offline AWS provider mirror, against moto_server holding an
 * organization of three members, then plans again: the second plan must be empty (`-detailed-exitcode` 0), and every
 * account in scope must hold the SECURITY contact the example declares. Used by scripts/try-terraform-package.sh on
 * each package's README example, as written.
 *
 * The example's configuration is left as the user's app wrote it; one override file (Terraform's own
 * `*_override.tf.json` merging) points the provider at moto with test credentials, and pins the AWS provider to the
 * version the mirror holds: the provider bindings a user installs may ask for a newer major version (CDK Terrain's
 * ask for 6.x, the mirror holds 5.100.0), and this machine cannot download one.
 *
 * Usage: ts-node scripts/apply-terraform-example.ts <stack folder> <the example's security email address>
 */
import * as fs from 'fs';
import * as path from 'path';
// A development script, run from the repository (scripts/try-terraform-package.sh): its tools are development ones.
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { accountClient, organizationsClient } from '../test/support/clients';
import { createMotoOrganization } from '../test/support/moto-organization';
import { MOTO_ACCOUNT_ID, MotoServer, TEST_CREDENTIALS, TEST_REGION } from '../test/support/moto-server';
import { Terraform, providerMirror } from '../test/support/terraform';

async function securityEmail(endpoint: string, accountId: string): Promise<string> {
  try {
    const answer = await accountClient(endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: accountId === MOTO_ACCOUNT_ID ? undefined : accountId }),
    );
    return answer.AlternateContact?.EmailAddress ?? '(none)';
  } catch (error) {
    return (error as Error).name;
  }
}

async function main(): Promise<void> {
  const [folder, expectedEmail] = process.argv.slice(2);
  if (!folder || !expectedEmail || !fs.existsSync(path.join(folder, 'cdk.tf.json'))) {
    throw new Error('usage: apply-terraform-example.ts <stack folder with cdk.tf.json> <security email address>');
  }
  const mirror = providerMirror();
  if (!mirror) {
    throw new Error('no Terraform AWS provider mirror (tf-plugins) on this machine: set TF_PLUGIN_MIRROR');
  }
  const [mirroredVersion] = fs
    .readdirSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))
    .sort()
    .reverse();
  const moto = await MotoServer.start();
  try {
    const members = await createMotoOrganization(organizationsClient(moto.endpoint), 3);
    fs.writeFileSync(
      path.join(folder, 'local_override.tf.json'),
      JSON.stringify(
        {
          terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: mirroredVersion } } },
          provider: {
            aws: [
              {
                region: TEST_REGION,
                access_key: TEST_CREDENTIALS.accessKeyId,
                secret_key: TEST_CREDENTIALS.secretAccessKey,
                skip_credentials_validation: true,
                skip_metadata_api_check: true,
                skip_requesting_account_id: true,
                endpoints: [{ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint }],
              },
            ],
          },
        },
        null,
        2,
      ),
    );
    const terraform = new Terraform(folder);
    await terraform.init();
    await terraform.apply();
    // Exit code 2 (changes planned) rejects: the second plan must be empty.
    await terraform.run('plan', '-no-color', '-input=false', '-detailed-exitcode');
    const accounts = [MOTO_ACCOUNT_ID, ...members];
    const found = await Promise.all(accounts.map((accountId) => securityEmail(moto.endpoint, accountId)));
    const wrong = accounts.filter((_, index) => found[index] !== expectedEmail);
    if (wrong.length > 0) {
      throw new Error(`after apply, ${wrong.length} of ${accounts.length} accounts do not hold the example's SECURITY contact: ${wrong.join(', ')}`);
    }
    const resources = (await terraform.stateList()).filter((address) => address.includes('aws_account_alternate_contact'));
    console.log(
      `example applied with terraform and the AWS provider ${mirroredVersion} against moto: ${resources.length} alternate contacts for ` +
        `${accounts.length} accounts (the management account and ${members.length} members), and a second plan with no changes`,
    );
  } finally {
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
