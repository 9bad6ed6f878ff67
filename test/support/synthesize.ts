import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CloudFormationTemplate, StackArtifact } from './cloudformation-simulator';

const assemblies: string[] = [];

/** Removes the cloud assemblies this test file synthesized (call it in `afterAll`). */
export function removeAssemblies(): void {
  for (const directory of assemblies.splice(0)) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** The account and Region of the stacks the lifecycle tests deploy. */
export const STACK_ENV = { account: '111111111111', region: 'us-east-1' };

/**
 * Synthesizes one version of a stack into its own cloud assembly, with asset metadata (as the CDK CLI writes it),
 * so that the deployment simulator runs each function's code asset.
 */
export function synthesize(stackName: string, build: (stack: Stack) => void): StackArtifact {
  // Inside the project (test/.tmp, ignored by git): the code assets keep the AWS SDK external, as the Lambda runtime
  // provides it, and find it here in node_modules.
  const parent = path.join(__dirname, '..', '.tmp');
  fs.mkdirSync(parent, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(parent, 'assembly-'));
  assemblies.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, stackName, { env: STACK_ENV });
  build(stack);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stackName);
  return { template: artifact.template as CloudFormationTemplate, assemblyDirectory: assembly.directory };
}
