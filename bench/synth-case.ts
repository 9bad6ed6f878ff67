/**
 * One synthesis measurement, run in its own process so that its peak memory is its own:
 * `ts-node bench/synth-case.ts <case> <accounts>` prints one JSON line.
 *
 * Cases, each declaring SECURITY, BILLING and OPERATIONS for N accounts:
 * - `organization-contacts`: one OrganizationContacts limited to the N accounts (`accountIds`);
 * - `security-contacts`: one SecurityContacts per account, in one stack;
 * - `aws-custom-resource`: the hand-written baseline, one AwsCustomResource calling Account:putAlternateContact
 *   per account and type (lives only here);
 * - `tf-organization-contacts`: one tf.OrganizationContacts (cdktf) limited by nothing (the organization's data
 *   source) with N account overrides;
 * - `tf-security-contacts`: one tf.SecurityContacts per account (cdktf).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { OrganizationContacts, SecurityContacts } from '../src';
import * as tf from '../src/tf';
import { deploymentRefusals } from '../test/support/aws-quotas';
import { BILLING, OPERATIONS, SECURITY } from '../test/support/contacts-fixtures';
import { resolveTemplate } from '../test/support/template-resolver';

const CONTACTS = { security: SECURITY, billing: BILLING, operations: OPERATIONS };
const ENV = { account: '111122223333', region: 'us-east-1' };

export interface SynthMeasurement {
  readonly case: string;
  readonly accounts: number;
  readonly milliseconds: number;
  readonly peakMemoryMb: number;
  /** Template (or cdk.tf.json) bytes, plus the bytes of assets that grow with the declaration. */
  readonly bytes: number;
  readonly resources: number;
  readonly deployable: boolean;
  /** Why not, when not. */
  readonly reason?: string;
}

function accountIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(100000000000 + index));
}

function measureCdk(caseName: string, accounts: number): Omit<SynthMeasurement, 'milliseconds' | 'peakMemoryMb'> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bench', { env: ENV });
    const ids = accountIds(accounts);
    if (caseName === 'organization-contacts') {
      new OrganizationContacts(stack, 'Contacts', { ...CONTACTS, accountSelection: { accountIds: ids } });
    } else if (caseName === 'security-contacts') {
      ids.forEach((accountId) => new SecurityContacts(stack, `Account${accountId}`, { ...CONTACTS, accountId }));
    } else {
      // The way most hand-written solutions do it: one SDK call per account and type.
      for (const accountId of ids) {
        for (const [property, type] of [
          ['security', 'SECURITY'],
          ['billing', 'BILLING'],
          ['operations', 'OPERATIONS'],
        ] as const) {
          const contact = CONTACTS[property];
          const call: cr.AwsSdkCall = {
            service: 'Account',
            action: 'putAlternateContact',
            parameters: {
              AccountId: accountId,
              AlternateContactType: type,
              Name: contact.name,
              Title: contact.title,
              EmailAddress: contact.emailAddress,
              PhoneNumber: contact.phoneNumber,
            },
            physicalResourceId: cr.PhysicalResourceId.of(`${accountId}-${type}`),
          };
          new cr.AwsCustomResource(stack, `${accountId}${type}`, {
            onCreate: call,
            onUpdate: call,
            policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
            installLatestAwsSdk: false,
          });
        }
      }
    }
    let assembly;
    try {
      assembly = app.synth();
    } catch (error) {
      const message = (error as Error).message;
      const resources = message.match(/Number of resources in stack '[^']*': (\d+)/)?.[1];
      return {
        case: caseName,
        accounts,
        bytes: 0,
        resources: resources ? Number(resources) : Number.NaN,
        deployable: false,
        // The first problem, not aws-cdk-lib's heading above the list.
        reason: `synth refused: ${(message.split('\n').find((line) => line.trim().startsWith('[')) ?? message.split('\n')[0]).trim().slice(0, 160)}`,
      };
    }
    const artifact = assembly.getStackByName('Bench');
    const template = artifact.template as { Resources: Record<string, { Type: string; Properties?: { PolicyDocument?: unknown } }> };
    const templateBytes = fs.statSync(path.join(outdir, artifact.templateFile)).size;
    // Assets that grow with the declaration (OrganizationContacts' declaration file); Lambda code is not counted.
    const declarationBytes = fs
      .readdirSync(outdir)
      .filter((name) => name.startsWith('asset.') && name.endsWith('.json'))
      .reduce((sum, name) => sum + fs.statSync(path.join(outdir, name)).size, 0);
    const resources = Object.keys(template.Resources).length;
    // Every quota the deployment simulator enforces (IAM's policy sizes, CloudFormation's, Lambda's), on the template
    // resolved as CloudFormation would resolve it.
    const reasons = deploymentRefusals(resolveTemplate(template as never, 'Bench', ENV.account), template);
    const bytes = templateBytes + declarationBytes;
    return { case: caseName, accounts, bytes, resources, deployable: reasons.length === 0, reason: reasons.join('; ') || undefined };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function measureTerraform(caseName: string, accounts: number): Omit<SynthMeasurement, 'milliseconds' | 'peakMemoryMb'> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdktf-'));
  try {
    const app = new TerraformApp({ outdir });
    const stack = new TerraformStack(app, 'bench');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const ids = accountIds(accounts);
    if (caseName === 'tf-organization-contacts') {
      new tf.OrganizationContacts(stack, 'Contacts', {
        ...CONTACTS,
        accountOverrides: ids.map((accountId) => ({ accountId, security: CONTACTS.security })),
      });
    } else {
      ids.forEach((accountId) => new tf.SecurityContacts(stack, `Account${accountId}`, { ...CONTACTS, accountId }));
    }
    app.synth();
    const file = path.join(outdir, 'stacks', 'bench', 'cdk.tf.json');
    const configuration = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
    const resources = Object.values(configuration.resource ?? {}).reduce((sum, blocks) => sum + Object.keys(blocks).length, 0);
    // Terraform has no resource or size limit of its own; for_each blocks count once.
    return { case: caseName, accounts, bytes: fs.statSync(file).size, resources, deployable: true };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [caseName, count] = process.argv.slice(2);
  const accounts = Number(count);
  const started = process.hrtime.bigint();
  const measured = caseName.startsWith('tf-') ? measureTerraform(caseName, accounts) : measureCdk(caseName, accounts);
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  const peakMemoryMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ ...measured, milliseconds: Math.round(milliseconds), peakMemoryMb }));
}
