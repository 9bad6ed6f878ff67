/**
 * One owner per contact among the constructs of one app, framework-free: the AWS CDK constructs and both Terraform
 * packages register what each construct declares here and report the answer (problems refuse synth, advice warns).
 * The same account's contact of a type declared by two per-account constructs, or by a per-account construct and an
 * `OrganizationContacts` whose scope covers the account, or two `OrganizationContacts` whose scopes certainly meet,
 * is refused on the second, naming the first.
 */
import type { IConstruct } from 'constructs';
import { Advice } from './advice';
import { OrganizationDeclaration } from './organization-declaration';
import { ONE_OWNER_WAY_OUT, OwnedScope, certainOverlap, ownedScope, ownsContact, possibleOverlap, sharedContactTypes } from './ownership';
import { ValidationProblem, isAccountId } from './validation';

/**
 * The account a per-account construct declares a contact of: its id when synth knows it, else a key naming the
 * account the credentials belong to (a stack's own account, a Terraform provider's), unique to that account.
 */
export interface ContactAccount {
  /** The 12-digit id, when known at synth. @default - not known */
  readonly accountId?: string;
  /** A key for an account whose id synth does not know: its owners meet only by this key. @default - none */
  readonly ownAccountKey?: string;
  /** How messages name an account whose id is not known, e.g. "the stack's own account". @default - the account id */
  readonly description?: string;
}

/** Where an `OrganizationContacts` runs: the account its credentials belong to, which it also manages. */
export interface OrganizationCaller {
  /** The `ownAccountKey` of the account the organization construct's credentials belong to. */
  readonly ownAccountKey: string;
  /** How messages name it. */
  readonly description: string;
}

/** What registering a construct found: problems refuse synth, advice becomes warnings. */
export interface OwnerFindings {
  readonly problems: ValidationProblem[];
  readonly advice: Advice[];
}

interface DeclaredContact {
  readonly accountId?: string;
  readonly contactType: string;
  readonly path: string;
}

interface OrganizationOwner {
  readonly path: string;
  readonly scope: OwnedScope;
  readonly caller?: OrganizationCaller;
}

const appOwners = new WeakMap<IConstruct, ContactOwners>();

/** The owners of one app's contacts. */
export class ContactOwners {
  /** The registry of the app (the construct tree's root) that `scope` belongs to. */
  public static of(scope: IConstruct): ContactOwners {
    const root = scope.node.root;
    let found = appOwners.get(root);
    if (!found) {
      found = new ContactOwners();
      appOwners.set(root, found);
    }
    return found;
  }

  /** By `<account id or own-account key>/<type>`. */
  private readonly contacts = new Map<string, DeclaredContact>();
  private readonly organizations: OrganizationOwner[] = [];

  /** Registers one per-account contact (SecurityContacts, AccountContactDetails) declared at `path`. */
  public registerContact(path: string, account: ContactAccount, contactType: string): OwnerFindings {
    const key = account.accountId ?? account.ownAccountKey;
    if (key === undefined) {
      return { problems: [], advice: [] };
    }
    const described = account.accountId !== undefined ? `account ${account.accountId}` : (account.description ?? "the stack's own account");
    const first = this.contacts.get(`${key}/${contactType}`)?.path;
    if (first !== undefined) {
      return {
        problems: [
          {
            field: 'accountId',
            message:
              `${contactType} contact of ${described} is already declared by ${first}: declare each account's contact of a type once ` +
              '(two resources would overwrite each other in no fixed order)',
          },
        ],
        advice: [],
      };
    }
    this.contacts.set(`${key}/${contactType}`, { accountId: account.accountId, contactType, path });
    const organization = this.organizations.find((candidate) => organizationOwns(candidate, account, contactType));
    if (organization) {
      return { problems: [alsoDeclaredBy(organization, account, described, contactType)], advice: [] };
    }
    if (account.accountId !== undefined && isAccountId(account.accountId)) {
      const declared: OwnedScope = { accountIds: [account.accountId], excludeAccountIds: [], contactTypes: [contactType] };
      return { problems: [], advice: possibleOwners(declared, this.organizations, []) };
    }
    return { problems: [], advice: [] };
  }

  /**
   * Registers an `OrganizationContacts` declaration; `caller`, when given, is the account it runs as and also manages
   * (the Terraform constructs manage the provider's own account).
   */
  public registerOrganization(path: string, declaration: OrganizationDeclaration, caller?: OrganizationCaller): OwnerFindings {
    const owned = ownedScope(declaration);
    const self: OrganizationOwner = { path, scope: owned, caller };
    const problems: ValidationProblem[] = [];
    for (const other of this.organizations) {
      const where = certainOverlap(owned, other.scope);
      if (where !== undefined) {
        problems.push({
          field: 'organizationalUnitIds',
          message: `its scope meets ${other.path}'s at ${where}, and both declare ${sharedContactTypes(owned, other.scope).join(', ')}: ${ONE_OWNER_WAY_OUT}`,
        });
      }
    }
    for (const { accountId, contactType, path: declaredBy } of this.contacts.values()) {
      if (accountId !== undefined && isAccountId(accountId) && certainlyOwns(owned, accountId, contactType)) {
        problems.push({
          field: 'excludeAccountIds',
          message: `its scope covers account ${accountId}, whose ${contactType} contact ${declaredBy} declares: ${ONE_OWNER_WAY_OUT}, or remove it there`,
        });
      }
    }
    for (const contactType of caller !== undefined ? owned.contactTypes : []) {
      const declaredBy = this.contacts.get(`${caller!.ownAccountKey}/${contactType}`)?.path;
      if (declaredBy !== undefined) {
        problems.push({
          field: 'accountOverrides',
          message: `it manages ${caller!.description}, whose ${contactType} contact ${declaredBy} declares: ${CALLER_WAY_OUT}`,
        });
      }
    }
    this.organizations.push(self);
    return { problems, advice: possibleOwners(owned, this.organizations, [...this.contacts.values()]) };
  }
}

/**
 * What to do when an organization construct and a per-account construct both declare the contacts of the account
 * the organization construct runs as. Its id is not known at synth, so an exclusion cannot be matched against it:
 * an override for that id says the same thing with one owner.
 */
const CALLER_WAY_OUT =
  "one owner per contact: declare the caller's contacts in the organization construct (an accountOverrides entry for its id), or remove the other construct";

/**
 * Whether an organization construct owns an account's contact of a type: by id, or the account its own credentials
 * belong to, which it always manages (an exclusion of that account's id cannot be matched at synth).
 */
function organizationOwns(organization: OrganizationOwner, account: ContactAccount, contactType: string): boolean {
  if (account.accountId !== undefined) {
    return certainlyOwns(organization.scope, account.accountId, contactType);
  }
  return (
    organization.caller !== undefined &&
    account.ownAccountKey === organization.caller.ownAccountKey &&
    organization.scope.contactTypes.includes(contactType)
  );
}

/**
 * Whether a scope owns a named account's contact whatever unit the account sits in: not when the scope names units
 * or excludes some (where the account sits is known only with the organization in hand).
 */
function certainlyOwns(scope: OwnedScope, accountId: string, contactType: string): boolean {
  return (scope.excludeOrganizationalUnitIds ?? []).length === 0 && ownsContact(scope, { accountId, organizationalUnitIds: [] }, contactType);
}

function alsoDeclaredBy(organization: OrganizationOwner, account: ContactAccount, described: string, contactType: string): ValidationProblem {
  return {
    field: 'accountId',
    message:
      account.accountId !== undefined
        ? `${contactType} contact of ${described} is also declared by ${organization.path}, whose scope covers it: ${ONE_OWNER_WAY_OUT}, or declare it here only`
        : `${contactType} contact of ${described} is also declared by ${organization.path}, which manages the account it runs as: ${CALLER_WAY_OUT}`,
  };
}

/**
 * Owners that meet only if accounts sit where synth cannot see: warned, so that a refused deployment is no surprise.
 */
function possibleOwners(owned: OwnedScope, organizations: OrganizationOwner[], contacts: DeclaredContact[]): Advice[] {
  const others = [
    ...organizations.filter((other) => other.scope !== owned),
    ...contacts
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
