/**
 * What `diff --expected` reads: a cloud assembly with Stages (nested assemblies), a cdktf or cdktn output folder, and
 * never an input without a declaration (that would compare nothing and say "No drift").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildTerraformExampleApp } from '../../../examples/terraform-app';
import { SecurityContacts } from '../../../src';
import { SELF, loadExpectedContacts } from '../../../src/cli/diff/expected-contacts';
import { BILLING, SECURITY } from '../../support/contacts-fixtures';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'expected-contacts-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('a cloud assembly whose stacks sit in Stages, nested at any depth', () => {
  const outdir = path.join(work, 'staged.out');
  const app = new App({ outdir });
  const production = new Stage(app, 'Production');
  new SecurityContacts(new Stack(production, 'Contacts', { env: { account: '111122223333', region: 'us-east-1' } }), 'Contacts', {
    security: SECURITY,
    accountId: '222233334444',
  });
  const inner = new Stage(new Stage(app, 'Outer'), 'Inner');
  new SecurityContacts(new Stack(inner, 'More', { env: { account: '111122223333', region: 'us-east-1' } }), 'Contacts', {
    security: SECURITY,
    billing: BILLING,
  });
  app.synth();

  const expected = loadExpectedContacts(outdir);
  expect(expected.source).toBe(`cloud assembly ${outdir} (2 stacks)`);
  expect(expected.accounts.get('222233334444')?.alternateContacts.SECURITY).toEqual(SECURITY);
  expect(expected.accounts.get(SELF)?.alternateContacts.BILLING).toEqual(BILLING);
});

test('a cdktf output folder', () => {
  const outdir = path.join(work, 'cdktf.out');
  buildTerraformExampleApp(outdir).synth();
  const expected = loadExpectedContacts(outdir);
  expect(expected.source).toBe(`cdktf/cdktn output ${outdir} (1 stacks)`);
  expect(expected.organizationDefaults?.alternateContacts.SECURITY?.emailAddress).toMatch(/@example\.com$/);
});

test('an input that declares no contact is an error that says so', () => {
  const outdir = path.join(work, 'empty.out');
  const app = new App({ outdir });
  new sns.Topic(new Stack(app, 'Unrelated'), 'Topic');
  app.synth();
  expect(() => loadExpectedContacts(outdir)).toThrow(`cloud assembly ${outdir} (1 stacks) declares no contact that can be compared`);
});

test('a folder that is neither an assembly nor a Terraform output is an error', () => {
  const folder = fs.mkdtempSync(path.join(work, 'plain-'));
  expect(() => loadExpectedContacts(folder)).toThrow('not a CDK cloud assembly (no manifest.json) nor a cdktf or cdktn output folder');
});
