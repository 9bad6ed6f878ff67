/**
 * The example app synthesizes, its templates pass cfn-lint, and its summary masks contacts.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { documentation } from './support/documentation';
import { buildExampleApp } from '../examples/example-app';
import { summarizeTemplate, summarizeTerraform } from '../examples/summary';
import { buildTerraformExampleApp } from '../examples/terraform-app';
import { Terraform } from './support/terraform';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-app-'));
const assembly = buildExampleApp(outdir).synth();
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('cfn-lint passes on every synthesized template', () => {
  const templates = assembly.stacks.map((stack) => path.join(outdir, stack.templateFile));
  expect(templates.length).toBeGreaterThan(0);
  // W3005 (redundant DependsOn) is aws-cdk-lib's own: every lambda.Function depends on its role besides a GetAtt of it.
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templates], { encoding: 'utf8' });
  expect(result.error).toBeUndefined();
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('cfn-lint does find problems: a broken template fails', () => {
  const broken = path.join(outdir, 'broken.template.json');
  fs.writeFileSync(broken, JSON.stringify({ Resources: { Function: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs4.3' } } } }));
  const result = spawnSync('cfn-lint', [broken], { encoding: 'utf8' });
  expect(result.status).not.toBe(0);
});

test('the summary lists each contact masked, and its permissions', () => {
  const stack = assembly.stacks[0];
  const summary = summarizeTemplate(stack.stackName, stack.template);
  expect(summary).toContain('SECURITY   contact of this account: s***y@example.com (kept on removal)');
  expect(summary).toContain('SECURITY   contact of 222233334444: s***y@example.com (deleted on removal)');
  expect(summary).toContain('PRIMARY    contact of this account: Seattle, US (kept on removal)');
  expect(summary).toContain('on arn:${AWS::Partition}:account::*:account/o-*/222233334444');
  expect(summary).not.toContain('security@example.com');
});

test("a Deny statement of the stacks' policies is printed as deny, never as allow", () => {
  const statements = assembly.stacks.flatMap((stack) =>
    Object.values<any>(stack.template.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap((resource) => resource.Properties.PolicyDocument.Statement),
  );
  const denied = statements.filter((statement) => statement.Effect === 'Deny');
  // The organization stack denies the writes outside its scope: the example has Deny statements to print.
  expect(denied.length).toBeGreaterThan(0);
  const printed = assembly.stacks.map((stack) => summarizeTemplate(stack.stackName, stack.template)).join('\n');
  expect(printed.split('\n').filter((line) => line.startsWith('  deny '))).toHaveLength(denied.length);
  expect(printed.split('\n').filter((line) => line.startsWith('  allow '))).toHaveLength(statements.length - denied.length);
});

test('the README shows the first stack exactly as the example prints it', () => {
  const stack = assembly.stacks[0];
  // CONTRIBUTING.md's "Try it" prints it.
  const readme = documentation();
  expect(readme).toContain(`\`\`\`\n${summarizeTemplate(stack.stackName, stack.template)}\n\`\`\``);
});

test('cfn-lint is the version the toolchain documents', () => {
  expect(execFileSync('cfn-lint', ['--version'], { encoding: 'utf8' })).toMatch(/cfn-lint \d+\.\d+/);
});

test('the CDK-for-Terraform example synthesizes a configuration that terraform validates offline', async () => {
  const terraformOutdir = path.join(outdir, 'cdktf.out');
  buildTerraformExampleApp(terraformOutdir).synth();
  const file = path.join(terraformOutdir, 'stacks', 'organization-contacts', 'cdk.tf.json');
  const summary = summarizeTerraform('organization-contacts', JSON.parse(fs.readFileSync(file, 'utf8')));
  expect(summary).toContain('aws_account_alternate_contact.Contacts_security_members: SECURITY for each member account (for_each)');
  const terraform = new Terraform(path.dirname(file));
  await terraform.init();
  expect(await terraform.run('validate', '-no-color')).toContain('Success! The configuration is valid.');
});
