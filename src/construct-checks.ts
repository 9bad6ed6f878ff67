import { IConstruct } from 'constructs';
import { ValidationProblem } from './contacts/validation';

/**
 * Registers a construct's problems with `node.addValidation`. Both the AWS CDK and CDK for Terraform run these
 * validations at synth time and report every problem of every construct together, each line prefixed with the
 * construct path (`[Stack/Contacts] security.emailAddress ...`): one message format for both.
 */
export function registerProblems(scope: IConstruct, problems: () => ValidationProblem[]): void {
  scope.node.addValidation({ validate: () => problems().map((problem) => problem.message) });
}

/** The prefix of every warning id of this library. */
export const WARNING_ID_PREFIX = 'cdk-account-contacts:';
