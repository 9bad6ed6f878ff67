/**
 * `App({ skipValidation: true })`, which cdktf's and CDK Terrain's own errors suggest for unrelated problems, turns
 * off every `node.addValidation`. The contact rules hold anyway: the resources check them when they are synthesized,
 * so a value the Account Management API would refuse, or a second owner of a contact, never reaches `cdk.tf.json`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import * as tf from '../../src/tf';
import { SECURITY } from '../support/contacts-fixtures';
import { newLocalStack } from '../support/tf-stacks';

const ENDPOINTS = { account: 'http://127.0.0.1:1', organizations: 'http://127.0.0.1:1', sts: 'http://127.0.0.1:1' };

function skippingApp(): { app: App; stack: TerraformStack } {
  const app = new App({ skipValidation: true, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skip-validation-')) });
  return { app, stack: newLocalStack(ENDPOINTS, app) };
}

test('an invalid value fails synth even with skipValidation, with the rule and the construct path', () => {
  const { app, stack } = skippingApp();
  new tf.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, emailAddress: 'not-an-address' } });
  expect(() => app.synth()).toThrow(/checked even with skipValidation; found 1 problem:\n {2}\[stack\/Contacts\] security\.emailAddress/);
});

test('a second owner of a contact fails synth even with skipValidation', () => {
  const { app, stack } = skippingApp();
  new tf.SecurityContacts(stack, 'Own', { security: SECURITY });
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
  expect(() => app.synth()).toThrow(/\[stack\/Organization\] it manages the provider's own account, whose SECURITY contact stack\/Own declares/);
});

test('valid contacts synthesize with skipValidation, as without it', () => {
  const { app, stack } = skippingApp();
  new tf.OrganizationContacts(stack, 'Organization', { security: SECURITY });
  app.synth();
  const written = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8'));
  expect(Object.keys(written.resource.aws_account_alternate_contact)).toHaveLength(2);
});
