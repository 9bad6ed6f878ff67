/**
 * One owner per contact in a CDK Terrain or CDK for Terraform app, checked at synth with the registry the AWS CDK
 * constructs use (`contacts/contact-owners.ts`), so that the same cases are refused with the same messages. The
 * account a construct without `accountId` manages is its provider's: the same stack and provider, the same account.
 */
import { IConstruct } from 'constructs';
import { isUnresolved, registerProblems, warnAbout } from './construct-problems';
import { ContactAccount, ContactOwners, OrganizationCaller, OwnerFindings } from '../../contacts/contact-owners';
import { OrganizationDeclaration } from '../../contacts/organization-declaration';
import { TerraformProvider, TerraformStack } from '../framework';

/** The account a provider's credentials belong to, named by the stack and the provider (its path, or the default). */
function providerAccount(scope: IConstruct, provider: TerraformProvider | undefined): OrganizationCaller {
  const stack = TerraformStack.of(scope).node.path;
  return provider === undefined
    ? { ownAccountKey: `own:${stack}:default`, description: "the provider's own account" }
    : { ownAccountKey: `own:${stack}:${provider.node.path}`, description: `the own account of provider ${provider.node.path}` };
}

function report(scope: IConstruct, findings: OwnerFindings): void {
  if (findings.problems.length > 0) {
    registerProblems(scope, () => findings.problems);
  }
  warnAbout(scope, findings.advice);
}

/** Registers one contact of one account (SecurityContacts, AccountContactDetails). */
export function registerContactTarget(
  scope: IConstruct,
  accountId: string | undefined,
  provider: TerraformProvider | undefined,
  contactType: string,
): void {
  if (accountId !== undefined && isUnresolved(accountId)) {
    return;
  }
  const account: ContactAccount = accountId !== undefined ? { accountId } : providerAccount(scope, provider);
  report(scope, ContactOwners.of(scope).registerContact(scope.node.path, account, contactType));
}

/** Registers an `OrganizationContacts`: its scope, and the provider's own account, which it also manages. */
export function registerOrganizationOwner(scope: IConstruct, declaration: OrganizationDeclaration, provider: TerraformProvider | undefined): void {
  report(scope, ContactOwners.of(scope).registerOrganization(scope.node.path, declaration, providerAccount(scope, provider)));
}
