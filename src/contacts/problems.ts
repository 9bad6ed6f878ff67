/**
 * How every construct of this library, AWS CDK or Terraform, reports what is wrong: problems go to
 * `node.addValidation` (synth fails, every problem listed with its construct path), and advice becomes warnings whose
 * ids start with one prefix. Framework-free: only the `constructs` interface, so that the Terraform constructs never
 * load aws-cdk-lib (and the AWS CDK constructs never load a Terraform framework).
 */
import type { IConstruct } from 'constructs';
import { ValidationProblem } from './validation';

/** The prefix of every warning id of this library. */
export const WARNING_ID_PREFIX = 'cdk-account-contacts:';

/**
 * Registers a construct's problems with `node.addValidation`. Both the AWS CDK and CDK for Terraform (and CDK
 * Terrain) run these validations at synth time and report every problem of every construct together, each line
 * prefixed with the construct path (`[Stack/Contacts] security.emailAddress ...`): one message format for all.
 */
export function registerProblems(scope: IConstruct, problems: () => ValidationProblem[]): void {
  scope.node.addValidation({ validate: () => problems().map((problem) => problem.message) });
}
