/**
 * The AWS CDK side of reporting (the framework-free part is `contacts/problems.ts`): advice as CDK warnings with
 * stable ids that users acknowledge, CDK tokens, and one resource per account and contact type in a stack.
 */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Advice } from '../contacts/advice';
import { WARNING_ID_PREFIX, registerProblems } from '../contacts/problems';

export { registerProblems };

const declaredTargets = new WeakMap<Stack, Map<string, string>>();

/**
 * Refuses a second resource in one stack for the same account and contact type: the two would overwrite each other,
 * and CloudFormation would apply them in no fixed order. (Across stacks the last deployment wins, and the contact
 * stays until no stack declares it: see the handler's claims.) An account id that is a token is not known here.
 */
export function registerContactTarget(scope: IConstruct, accountId: string | undefined, contactType: string): void {
  const stack = Stack.of(scope);
  if (accountId !== undefined && Token.isUnresolved(accountId)) {
    return;
  }
  const own = accountId === undefined || (!Token.isUnresolved(stack.account) && accountId === stack.account);
  const key = `${own ? 'own' : accountId}/${contactType}`;
  let targets = declaredTargets.get(stack);
  if (!targets) {
    targets = new Map();
    declaredTargets.set(stack, targets);
  }
  const first = targets.get(key);
  if (first === undefined) {
    targets.set(key, scope.node.path);
    return;
  }
  const account = own ? 'the stack\'s own account' : `account ${accountId}`;
  registerProblems(scope, () => [{
    field: 'accountId',
    message: `${contactType} contact of ${account} is already declared by ${first}: declare each account's contact of a type once per stack ` +
      '(two resources would overwrite each other in no fixed order)',
  }]);
}

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
