/**
 * The declaration holds contacts (personal data): a synth must not leave a copy of it in the machine's temporary
 * directory (main left one organization-contacts-* directory per synth), and the staged copy in the cloud assembly
 * is what the asset points at.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { OrganizationContacts } from '../../src';
import { SECURITY } from '../support/contacts-fixtures';

/**
 * os.tmpdir() reads the real environment, which Jest does not let a test change: the test looks in it for directories
 * holding a contact that only this test uses (other test files synthesize at the same time).
 */
const marker = (name: string) => ({ ...SECURITY, emailAddress: `soc-${name}-${process.pid}-${Date.now()}@example.com` });
const leftoversHolding = (contact: { emailAddress: string }) =>
  fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('organization-contacts-'))
    .map((name) => path.join(os.tmpdir(), name, 'declaration.json'))
    .filter((file) => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(contact.emailAddress));

let temporary: string;
beforeEach(() => {
  temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'declaration-asset-test-'));
});
afterEach(() => fs.rmSync(temporary, { recursive: true, force: true }));

test('a synth leaves no copy of the contacts in the temporary directory; the assembly holds the staged one', () => {
  const outdir = fs.mkdtempSync(path.join(temporary, 'cdk.out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const security = marker('staged');
  new OrganizationContacts(stack, 'Contacts', { security });
  app.synth();

  expect(leftoversHolding(security)).toEqual([]);
  const staged = fs
    .readdirSync(outdir)
    .filter((name) => name.startsWith('asset.'))
    .map((name) => path.join(outdir, name))
    .flatMap((entry) => (fs.statSync(entry).isDirectory() ? fs.readdirSync(entry).map((name) => path.join(entry, name)) : [entry]))
    .filter((file) => fs.readFileSync(file, 'utf8').includes(security.emailAddress));
  expect(staged).toHaveLength(1);
});

test('with asset staging turned off the asset points at the file itself, which stays, readable by its owner only', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(temporary, 'cdk.out-')), context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const security = marker('unstaged');
  new OrganizationContacts(stack, 'Contacts', { security });
  app.synth();

  const files = leftoversHolding(security);
  expect(files).toHaveLength(1);
  expect((fs.statSync(files[0]).mode % 0o1000).toString(8)).toBe('600');
  expect((fs.statSync(path.dirname(files[0])).mode % 0o1000).toString(8)).toBe('700');
  fs.rmSync(path.dirname(files[0]), { recursive: true, force: true });
});
