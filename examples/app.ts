/**
 * Synthesizes the example app and prints a summary of what it would deploy.
 * Run with `npx projen example`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from './example-app';
import { summarizeTemplate, summarizeTerraform } from './summary';
import { buildTerraformExampleApp } from './terraform-app';

const outdir = process.env.CDK_OUTDIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'account-contacts-example-'));
const started = Date.now();
const assembly = buildExampleApp(outdir).synth();
const elapsed = Date.now() - started;

for (const stack of assembly.stacks) {
  console.log(summarizeTemplate(stack.stackName, stack.template));
}
console.log(`\nSynthesized in ${elapsed} ms into ${outdir}`);

// The same contacts for CDK for Terraform (the `tf` submodule).
const terraformOutdir = path.join(outdir, 'cdktf.out');
const terraformStarted = Date.now();
buildTerraformExampleApp(terraformOutdir).synth();
const terraformElapsed = Date.now() - terraformStarted;
const terraformFile = path.join(terraformOutdir, 'stacks', 'organization-contacts', 'cdk.tf.json');
console.log(`\n${summarizeTerraform('organization-contacts', JSON.parse(fs.readFileSync(terraformFile, 'utf8')))}`);
console.log(`\nSynthesized in ${terraformElapsed} ms into ${terraformFile}`);
