/**
 * One owner per contact in an AWS CDK app, checked at synth with the shared registry (`contacts/contact-owners.ts`):
 * this module only says which account a construct's `accountId` names and reports the findings. Across apps and
 * stacks the deployment checks the claims (the organization function).
 */
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { registerProblems, warnAbout } from './construct-problems';
import { ContactAccount, ContactOwners, OwnerFindings } from '../contacts/contact-owners';
import { OrganizationDeclaration } from '../contacts/organization-declaration';

/** The account a construct's `accountId` names: its id, or its stack's own account. */
function contactAccount(scope: IConstruct, accountId: string | undefined): ContactAccount | undefined {
  if (accountId !== undefined) {
    return Token.isUnresolved(accountId) ? undefined : { accountId };
  }
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.account)
    ? { ownAccountKey: `own:${stack.node.path}`, description: "the stack's own account" }
    : { accountId: stack.account };
}

function report(scope: IConstruct, findings: OwnerFindings): void {
  if (findings.problems.length > 0) {
    registerProblems(scope, () => findings.problems);
  }
  warnAbout(scope, findings.advice);
}

/**
 * Registers one per-account contact (SecurityContacts, AccountContactDetails). Refuses a second owner in the app:
 * the two would overwrite each other in no fixed order. An account id that is a token is not known here.
 */
export function registerContactTarget(scope: IConstruct, accountId: string | undefined, contactType: string): void {
  const account = contactAccount(scope, accountId);
  if (account) {
    report(scope, ContactOwners.of(scope).registerContact(scope.node.path, account, contactType));
  }
}

/** Registers an `OrganizationContacts` declaration. Refuses it when it certainly meets another owner of the app. */
export function registerOrganizationOwner(scope: IConstruct, declaration: OrganizationDeclaration): void {
  report(scope, ContactOwners.of(scope).registerOrganization(scope.node.path, declaration));
}
