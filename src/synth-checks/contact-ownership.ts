/**
 * One owner per contact in an app, checked at synth: the same account's contact of a type declared by two
 * constructs (two per-account constructs, or a per-account construct and an `OrganizationContacts` whose scope
 * covers the account), or two `OrganizationContacts` whose scopes certainly meet, is refused on the second, naming
 * the first. Across apps and stacks the deployment checks the claims (the organization function).
 */
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { registerProblems, warnAbout } from './construct-problems';
import { OrganizationDeclaration } from '../contacts/organization-declaration';
import { ONE_OWNER_WAY_OUT, OwnedScope, certainOverlap, ownedScope, ownsContact, possibleOverlap, sharedContactTypes } from '../contacts/ownership';
import { isAccountId } from '../contacts/validation';

/** A per-account construct's contact: the account (when known at synth), the type, who declares it. */
interface DeclaredContact {
  readonly accountId?: string;
  readonly contactType: string;
  readonly path: string;
}

interface AppOwners {
  /** By `<account id>/<type>` (or `own:<stack path>/<type>` when the stack's account is not known). */
  readonly contacts: Map<string, DeclaredContact>;
  readonly organizations: Array<{ readonly path: string; readonly scope: OwnedScope; readonly ownAccount?: string }>;
}

const owners = new WeakMap<IConstruct, AppOwners>();

function ownersOf(scope: IConstruct): AppOwners {
  const root = scope.node.root;
  let found = owners.get(root);
  if (!found) {
    found = { contacts: new Map(), organizations: [] };
    owners.set(root, found);
  }
  return found;
}

/** The account a construct's `accountId` names, as a key: its id, or its stack's own account. */
function accountKey(scope: IConstruct, accountId: string | undefined): { key: string; accountId?: string } | undefined {
  if (accountId !== undefined) {
    return Token.isUnresolved(accountId) ? undefined : { key: accountId, accountId };
  }
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.account) ? { key: `own:${stack.node.path}` } : { key: stack.account, accountId: stack.account };
}

/**
 * Registers one per-account contact (SecurityContacts, AccountContactDetails). Refuses a second owner in the app:
 * the two would overwrite each other in no fixed order. An account id that is a token is not known here.
 */
export function registerContactTarget(scope: IConstruct, accountId: string | undefined, contactType: string): void {
  const account = accountKey(scope, accountId);
  if (!account) {
    return;
  }
  const app = ownersOf(scope);
  const key = `${account.key}/${contactType}`;
  const described = account.accountId !== undefined ? `account ${account.accountId}` : "the stack's own account";
  const first = app.contacts.get(key)?.path;
  if (first !== undefined) {
    registerProblems(scope, () => [
      {
        field: 'accountId',
        message:
          `${contactType} contact of ${described} is already declared by ${first}: declare each account's contact of a type once ` +
          '(two resources would overwrite each other in no fixed order)',
      },
    ]);
    return;
  }
  app.contacts.set(key, { accountId: account.accountId, contactType, path: scope.node.path });
  const organization =
    account.accountId === undefined
      ? undefined
      : app.organizations.find((candidate) =>
          ownsContact(candidate.scope, { accountId: account.accountId!, organizationalUnitIds: [] }, contactType),
        );
  if (organization) {
    registerProblems(scope, () => [
      {
        field: 'accountId',
        message: `${contactType} contact of ${described} is also declared by ${organization.path}, whose scope covers it: ${ONE_OWNER_WAY_OUT}, or declare it here only`,
      },
    ]);
  } else if (account.accountId !== undefined && isAccountId(account.accountId)) {
    const declared: OwnedScope = { accountIds: [account.accountId], excludeAccountIds: [], contactTypes: [contactType] };
    warnAbout(scope, possibleOwners(declared, { contacts: new Map(), organizations: app.organizations }));
  }
}

/** Registers an `OrganizationContacts` declaration. Refuses it when it certainly meets another owner of the app. */
export function registerOrganizationOwner(scope: IConstruct, declaration: OrganizationDeclaration): void {
  const app = ownersOf(scope);
  const owned = ownedScope(declaration);
  const problems: Array<{ field: string; message: string }> = [];
  for (const other of app.organizations) {
    const where = certainOverlap(owned, other.scope);
    if (where !== undefined) {
      problems.push({
        field: 'organizationalUnitIds',
        message: `its scope meets ${other.path}'s at ${where}, and both declare ${sharedContactTypes(owned, other.scope).join(', ')}: ${ONE_OWNER_WAY_OUT}`,
      });
    }
  }
  for (const { accountId, contactType, path } of app.contacts.values()) {
    if (accountId !== undefined && isAccountId(accountId) && ownsContact(owned, { accountId, organizationalUnitIds: [] }, contactType)) {
      problems.push({
        field: 'excludeAccountIds',
        message: `its scope covers account ${accountId}, whose ${contactType} contact ${path} declares: ${ONE_OWNER_WAY_OUT}, or remove it there`,
      });
    }
  }
  app.organizations.push({ path: scope.node.path, scope: owned });
  if (problems.length > 0) {
    registerProblems(scope, () => problems);
  }
  warnAbout(scope, possibleOwners(owned, app));
}

/**
 * Owners that meet only if accounts sit where synth cannot see: warned, so that a refused deployment is no surprise.
 * The deployment checks the claims with the organization in hand and refuses the second owner before any write.
 */
function possibleOwners(owned: OwnedScope, app: AppOwners): Array<{ id: string; message: string }> {
  const others = [
    ...app.organizations.filter((other) => other.scope !== owned),
    ...[...app.contacts.values()]
      .filter((contact) => contact.accountId !== undefined && isAccountId(contact.accountId))
      .map(({ accountId, contactType, path }) => ({ path, scope: { accountIds: [accountId!], excludeAccountIds: [], contactTypes: [contactType] } })),
  ];
  return others.flatMap((other) => {
    const where = possibleOverlap(owned, other.scope);
    return where === undefined
      ? []
      : [
          {
            id: 'scopesMayOverlap',
            message:
              `its scope may meet ${other.path}'s at ${where}, and both declare ${sharedContactTypes(owned, other.scope).join(', ')}: synth cannot tell where ` +
              'accounts sit; if they meet, the deployment of the second is refused before any write (one owner per contact). ' +
              `${ONE_OWNER_WAY_OUT[0].toUpperCase()}${ONE_OWNER_WAY_OUT.slice(1)}, or acknowledge this warning if they do not.`,
          },
        ];
  });
}
