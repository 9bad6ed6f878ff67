/**
 * `npx projen bench:policy-size`: `OrganizationContacts` at 1 to 5,000 accounts listed, excluded, and units listed
 * (every contact kind declared, the largest policies): the template's resources and managed policies, the largest IAM
 * policy in IAM's characters, the form of the writes and whether the template passes every quota the deployment
 * simulator enforces (test/support/aws-quotas.ts). Writes bench/policy-size-results.json and the table between the
 * `policy-size` markers of docs/benchmarks.md (SMOKE=1: sizes 1 and 10, nothing written).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ContactRemoval, OrganizationContacts } from '../src';
import { writeBetweenMarkers } from './markers';
import { deploymentRefusals, largestPolicy } from '../test/support/aws-quotas';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../test/support/contacts-fixtures';
import { resolveTemplate } from '../test/support/template-resolver';

const SELECTIONS = [
  { label: 'accounts listed (`accountIds`)', field: 'accountIds' },
  { label: 'accounts excluded (`excludeAccountIds`)', field: 'excludeAccountIds' },
  { label: 'units listed (`organizationalUnitIds`)', field: 'organizationalUnitIds' },
] as const;

interface PolicySizeRow {
  readonly selection: string;
  readonly size: number;
  readonly resources: number;
  readonly managedPolicies: number;
  readonly largestPolicy: string;
  readonly warnings: string[];
  readonly deploys: string;
}

function measure(field: (typeof SELECTIONS)[number]['field'], size: number): Omit<PolicySizeRow, 'selection'> {
  const app = new App({ context: { 'aws:cdk:validation': false } });
  const stack = new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
  const ids = Array.from({ length: size }, (_, index) =>
    field === 'organizationalUnitIds' ? `ou-ab12-${10000000 + index}` : String(200000000000 + index),
  );
  new OrganizationContacts(stack, 'Contacts', {
    security: SECURITY,
    billing: BILLING,
    operations: OPERATIONS,
    contactInformation: PRIMARY,
    removal: ContactRemoval.DESTROY,
    accountSelection: { [field]: ids },
  });
  const artifact = app.synth().getStackByName('Bench');
  const template = artifact.template;
  const resources = resolveTemplate(template, 'Bench', '111122223333');
  const largest = largestPolicy(resources);
  const refusals = deploymentRefusals(resources, template);
  return {
    size,
    resources: resources.length,
    managedPolicies: resources.filter((resource) => resource.type === 'AWS::IAM::ManagedPolicy').length,
    largestPolicy: `${largest.characters.toLocaleString('en-US')} (${largest.kind})`,
    warnings: artifact.messages
      .filter((message) => message.level === 'warning')
      .map((message) => String(message.entry.data).match(/\[ack: cdk-account-contacts:([^\]]+)\]/)?.[1])
      .filter((id): id is string => id === 'accountWritesWidened' || id === 'excludedAccountsNotDenied'),
    deploys: refusals.length === 0 ? 'yes' : `no: ${refusals.join('; ')}`,
  };
}

function main(): void {
  const smoke = process.env.SMOKE === '1';
  const sizes = smoke ? [1, 10] : [1, 10, 100, 1000, 5000];
  const rows: PolicySizeRow[] = SELECTIONS.flatMap(({ label, field }) => sizes.map((size) => ({ selection: label, ...measure(field, size) })));
  const table = [
    '| Selection | Size | Resources | Managed policies (writes) | Largest policy (characters) | IAM narrowed | Passes every quota |',
    '|---|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.selection} | ${row.size.toLocaleString('en-US')} | ${row.resources} | ${row.managedPolicies} | ${row.largestPolicy} | ${
          row.warnings.length === 0 ? 'yes' : `no: ${row.warnings.join(', ')}`
        } | ${row.deploys} |`,
    ),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (smoke) {
    return;
  }
  fs.writeFileSync(path.join(__dirname, 'policy-size-results.json'), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
  writeBetweenMarkers(path.join(__dirname, '..', 'docs', 'benchmarks.md'), 'policy-size', table);
}

main();
