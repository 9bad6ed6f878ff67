/**
 * The AWS CDK side of reporting (the framework-free part is `contacts/problems.ts`): advice as CDK warnings with
 * stable ids that users acknowledge, and CDK tokens. One owner per contact: contact-ownership.ts.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Advice } from '../contacts/advice';
import { WARNING_ID_PREFIX, registerProblems } from '../contacts/problems';

export { registerProblems };

/** Values that are tokens are not known at synth time: the handler checks them at deploy time. */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * Adds advice as warnings with stable ids (`cdk-account-contacts:<id>`), which users can acknowledge with
 * `Annotations.of(scope).acknowledgeWarning(id)`.
 */
export function warnAbout(scope: IConstruct, advice: Advice[]): void {
  for (const item of advice) {
    Annotations.of(scope).addWarningV2(`${WARNING_ID_PREFIX}${item.id}`, item.message);
  }
}
