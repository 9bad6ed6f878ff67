/**
 * `apply`'s plan: per account, the contact kinds whose fields differ from the declaration, found with the same
 * comparison as `diff`. Only those kinds are written; accounts already as declared are left alone.
 */
import { AlternateContact, AlternateContactType } from '../../contacts/alternate-contact';
import { PRIMARY_CONTACT_TYPE } from '../../contacts/contact-type';
import { ResolvedAccountContacts } from '../../contacts/organization-declaration';
import { KnownContacts } from '../../runtime/account-work';
import { AccountSnapshot, AccountToRead } from '../account-snapshot';
import { ACCOUNT_CONTACT, FieldDifference, NOT_SET, diffAccount, primaryEmailNotCompared } from '../diff/contacts-diff';
import { ExpectedContacts, expectedFor } from '../diff/expected-contacts';
import { verificationWarnings } from '../diff/verification-warnings';

/** What changes in one account. */
export interface AccountChange {
  readonly account: AccountToRead;
  /** The declared contacts of the kinds that differ: what is written. */
  readonly contacts: ResolvedAccountContacts;
  /** What the account held of those kinds when the plan read it: compared at the write, not read again. */
  readonly current: KnownContacts;
  /** Field by field, masked unless contacts are shown. */
  readonly differences: FieldDifference[];
}

/** A declared primary email address that differs from the account's: changed only with a passcode typed at a terminal. */
export interface PrimaryEmailChange {
  readonly account: AccountToRead;
  /** The declared address, sent to the API (never printed whole). */
  readonly email: string;
  /** `was -> will be`, masked unless contacts are shown; absent when the address could not be compared. */
  readonly difference?: FieldDifference;
  /** Why the command cannot make this change (the caller's own account), when it cannot. @default it can */
  readonly notPossible?: string;
}

export interface ContactsPlan {
  /** Accounts whose contacts (alternate contacts, primary contact information) are written. */
  readonly changes: AccountChange[];
  /** Accounts whose primary email address differs from the declared one. @default none */
  readonly primaryEmailChanges?: PrimaryEmailChange[];
  /** Declared accounts that already hold the declared contacts. */
  readonly unchanged: number;
  /** Declared accounts that could not be read: never written blindly. */
  readonly unreadable: Array<{ readonly accountId: string; readonly error: string }>;
  /** What the writes also do: a changed primary phone loses its verification. */
  readonly warnings: string[];
  /** Declared accounts that are not ACTIVE (their state): not read, never written. @default none */
  readonly skippedAccounts?: Array<{ readonly accountId: string; readonly state: string }>;
}

/** What the plan holds for one declared account: at most one of each. */
export interface AccountPlan {
  readonly change?: AccountChange;
  readonly primaryEmailChange?: PrimaryEmailChange;
  /** Every declared contact already as declared (and no primary email to change). */
  readonly unchanged?: boolean;
  /** Why the account could not be read: never written blindly. */
  readonly unreadable?: string;
  /** The account is not ACTIVE (its state): never written. */
  readonly skippedState?: string;
}

/**
 * One account's part of the plan, from its snapshot: `undefined` when the declaration does not cover it. Pure, so that
 * apply may start an account's writes as soon as it was read, and the whole plan says the same afterwards.
 */
export function planAccount(expected: ExpectedContacts, snapshot: AccountSnapshot, options: { showContacts: boolean }): AccountPlan | undefined {
  const declared = expectedFor(expected, snapshot.account.accountId, snapshot.account.own);
  if (!declared) {
    return undefined;
  }
  if (snapshot.skippedState) {
    return { skippedState: snapshot.skippedState };
  }
  if (snapshot.error) {
    return { unreadable: snapshot.error };
  }
  const found = diffAccount(snapshot, declared, options);
  const emailDifference = found.find((difference) => difference.contact === ACCOUNT_CONTACT);
  const notCompared = primaryEmailNotCompared(snapshot, declared);
  const primaryEmailChange: PrimaryEmailChange | undefined =
    emailDifference || notCompared
      ? {
          account: snapshot.account,
          email: declared.primaryEmail!,
          ...(emailDifference ? { difference: emailDifference } : {}),
          ...(notCompared ? { notPossible: notCompared } : snapshot.account.own ? { notPossible: OWN_PRIMARY_EMAIL } : {}),
        }
      : undefined;
  const differences = found.filter((difference) => difference !== emailDifference);
  if (differences.length === 0) {
    return primaryEmailChange ? { primaryEmailChange } : { unchanged: true };
  }
  const kinds = new Set(differences.map((difference) => difference.contact));
  const alternateContacts: Partial<Record<AlternateContactType, AlternateContact>> = {};
  const current: { alternateContacts: KnownContacts['alternateContacts']; contactInformation?: KnownContacts['contactInformation'] } = {
    alternateContacts: {},
  };
  for (const [type, contact] of Object.entries(declared.alternateContacts) as Array<[AlternateContactType, AlternateContact]>) {
    if (kinds.has(type)) {
      alternateContacts[type] = contact;
      current.alternateContacts[type] = { value: snapshot.alternateContacts[type] };
    }
  }
  const contactInformation = kinds.has(PRIMARY_CONTACT_TYPE) ? declared.contactInformation : undefined;
  if (contactInformation) {
    current.contactInformation = { value: snapshot.contactInformation };
  }
  const change: AccountChange = {
    account: snapshot.account,
    contacts: { alternateContacts, ...(contactInformation ? { contactInformation } : {}) },
    current,
    differences,
  };
  return { change, ...(primaryEmailChange ? { primaryEmailChange } : {}) };
}

/**
 * The whole plan, in the snapshots' order. `planned` holds the accounts already planned as they were read (a streamed
 * apply): those plans are taken as they are, not computed again.
 */
export function planContacts(
  expected: ExpectedContacts,
  snapshots: readonly AccountSnapshot[],
  options: { showContacts: boolean },
  planned: ReadonlyMap<string, AccountPlan | undefined> = new Map(),
): ContactsPlan {
  const plans = snapshots.map(({ account }, index) => ({
    accountId: account.accountId,
    plan: planned.has(account.accountId) ? planned.get(account.accountId) : planAccount(expected, snapshots[index], options),
  }));
  const each = <T>(pick: (plan: AccountPlan, accountId: string) => T | undefined): T[] =>
    plans.flatMap(({ accountId, plan }) => {
      const picked = plan ? pick(plan, accountId) : undefined;
      return picked === undefined ? [] : [picked];
    });
  return {
    changes: each((plan) => plan.change),
    primaryEmailChanges: each((plan) => plan.primaryEmailChange),
    unchanged: each((plan) => (plan.unchanged ? true : undefined)).length,
    unreadable: each((plan, accountId) => (plan.unreadable !== undefined ? { accountId, error: plan.unreadable } : undefined)),
    warnings: verificationWarnings(expected, snapshots),
    skippedAccounts: each((plan, accountId) => (plan.skippedState !== undefined ? { accountId, state: plan.skippedState } : undefined)),
  };
}

/** Why the caller's own primary email is never changed by the command. */
const OWN_PRIMARY_EMAIL =
  "the caller's own account: no API changes an account's primary email from itself (the management account's root user changes it in the console, Account settings)";

/** The accounts the plan changes in any way: contacts written, or a primary email to change. */
export function changedAccounts(plan: ContactsPlan): number {
  return new Set([...plan.changes, ...(plan.primaryEmailChanges ?? [])].map((change) => change.account.accountId)).size;
}

/** How many contacts (kinds per account) the plan writes. */
export function plannedWrites(plan: ContactsPlan): number {
  return plan.changes.reduce(
    (total, change) => total + Object.keys(change.contacts.alternateContacts).length + (change.contacts.contactInformation ? 1 : 0),
    0,
  );
}

/** The plan as text: one line per field that changes (`was → will be`, masked), then the counts. */
export function renderPlan(plan: ContactsPlan, source: string): string {
  const lines = [`Plan for ${source}:`];
  for (const change of plan.changes) {
    const kinds = [...new Set(change.differences.map((difference) => difference.contact))];
    for (const kind of kinds) {
      const differences = change.differences.filter((difference) => difference.contact === kind);
      if (differences.every((difference) => difference.actual === NOT_SET)) {
        // A contact that is not set at all: one line, named by its address (or name).
        const named = differences.find((difference) => difference.field === 'emailAddress') ?? differences[0];
        lines.push(`  ${change.account.accountId} ${kind}: ${NOT_SET} -> ${named.expected} (${differences.length} fields)`);
        continue;
      }
      for (const difference of differences) {
        lines.push(`  ${difference.accountId} ${difference.contact}.${difference.field}: ${difference.actual} -> ${difference.expected}`);
      }
    }
  }
  for (const { account, difference, notPossible } of plan.primaryEmailChanges ?? []) {
    lines.push(
      notPossible || !difference
        ? `  ${account.accountId} ${ACCOUNT_CONTACT}.primaryEmail: not changed, ${notPossible}`
        : `  ${account.accountId} ${ACCOUNT_CONTACT}.primaryEmail: ${difference.actual} -> ${difference.expected} (AWS sends a passcode to the new address: typed at the terminal)`,
    );
  }
  for (const failure of plan.unreadable) {
    lines.push(`  ${failure.accountId} ERROR (cannot be read, left alone): ${failure.error}`);
  }
  for (const { accountId, state } of plan.skippedAccounts ?? []) {
    lines.push(`  ${accountId} SKIPPED (${state}, not ACTIVE): left alone`);
  }
  for (const warning of plan.warnings) {
    lines.push(`  warning: ${warning}`);
  }
  lines.push(
    `${changedAccounts(plan)} accounts to change (${plannedWrites(plan)} contacts${
      plan.primaryEmailChanges?.length ? `, ${plan.primaryEmailChanges.length} primary email addresses` : ''
    }), ${plan.unchanged} already as declared, ${plan.unreadable.length} could not be read.`,
  );
  return `${lines.join('\n')}\n`;
}
