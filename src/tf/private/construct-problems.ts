/**
 * The CDK for Terraform side of `private/construct-problems.ts`: cdktf's tokens and warnings, the same warning ids,
 * and contact rules that `App({ skipValidation: true })` cannot turn off.
 */
import { IConstruct } from 'constructs';
import { Advice } from '../../contacts/advice';
import { WARNING_ID_PREFIX, registerProblems as registerValidation } from '../../contacts/problems';
import { ValidationProblem } from '../../contacts/validation';
import { Annotations, Token } from '../framework';

/** Values that are cdktf tokens are not known at synth time: Terraform and the API check them at apply time. */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * Adds advice as cdktf warnings; each message starts with its stable id (`[cdk-account-contacts:<id>]`).
 */
export function warnAbout(scope: IConstruct, advice: Advice[]): void {
  for (const item of advice) {
    Annotations.of(scope).addWarning(`[${WARNING_ID_PREFIX}${item.id}] ${item.message}`);
  }
}

const registered = new WeakMap<IConstruct, Array<() => ValidationProblem[]>>();

/**
 * Registers a construct's problems as a validation (synth lists every problem of the app together), and keeps them
 * for {@link assertNoProblems}.
 */
export function registerProblems(scope: IConstruct, problems: () => ValidationProblem[]): void {
  registerValidation(scope, problems);
  registered.set(scope, [...(registered.get(scope) ?? []), problems]);
}

/**
 * Throws the construct's problems, in the validation's format. The resources call it when they are synthesized,
 * which `App({ skipValidation: true })` (suggested by the framework's own errors for unrelated problems) does not
 * skip: a value the Account Management API would refuse, or a second owner of a contact, never reaches
 * `cdk.tf.json`. With validation on, the validation has already failed synth before this runs.
 */
export function assertNoProblems(scope: IConstruct): void {
  const messages = (registered.get(scope) ?? []).flatMap((problems) => problems()).map((problem) => `[${scope.node.path}] ${problem.message}`);
  if (messages.length > 0) {
    throw new Error(
      `The contact rules of cdk-account-contacts are checked even with skipValidation; found ${messages.length} problem${messages.length === 1 ? '' : 's'}:\n  ${messages.join('\n  ')}`,
    );
  }
}
