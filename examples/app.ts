/**
 * Synthesizes the example app and prints a summary of what it would deploy.
 * Run with `npx projen example`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from './example-app';
import { summarizeTemplate } from './summary';

const outdir = process.env.CDK_OUTDIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'account-contacts-example-'));
const started = Date.now();
const assembly = buildExampleApp(outdir).synth();
const elapsed = Date.now() - started;

for (const stack of assembly.stacks) {
  console.log(summarizeTemplate(stack.stackName, stack.template));
}
console.log(`\nSynthesized in ${elapsed} ms into ${outdir}`);
