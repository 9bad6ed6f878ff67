import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Advice } from './contacts/advice';
import { ValidationProblem } from './contacts/validation';

/** Values that are tokens are not known at synth time: the handler checks them at deploy time. */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * Registers the construct's problems with `node.addValidation`: synth then reports every problem of every
 * construct together, each line prefixed with the construct path.
 */
export function registerProblems(scope: IConstruct, problems: () => ValidationProblem[]): void {
  scope.node.addValidation({ validate: () => problems().map((problem) => problem.message) });
}

/** The prefix of every warning id of this library. */
export const WARNING_ID_PREFIX = 'cdk-account-contacts:';

/**
 * Adds advice as warnings with stable ids (`cdk-account-contacts:<id>`), which users can acknowledge with
 * `Annotations.of(scope).acknowledgeWarning(id)`.
 */
export function warnAbout(scope: IConstruct, advice: Advice[]): void {
  for (const item of advice) {
    Annotations.of(scope).addWarningV2(`${WARNING_ID_PREFIX}${item.id}`, item.message);
  }
}
