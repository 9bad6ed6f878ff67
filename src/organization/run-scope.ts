/**
 * Which accounts a run covers: resolved once, when the run is created, and stored with it as account ids; whoever
 * queues the run's accounts later (a retry after a crash) finds where those accounts sit now.
 */
import { RunEnvironment } from './run-context';
import { loadValidDeclaration, parameterVersionsOf } from './run-declaration';
import { RunScope, SkippedAccount } from './run-records';
import { RunAction } from './run-state-machine';
import { isActiveAccountState } from '../contacts/account-state';
import { AccountPlacement, isAccountInScope } from '../contacts/organization-declaration';
import { ListedAccount } from '../runtime/organization-directory';

/** What a run's scope is resolved from. */
export interface ScopeRequest {
  readonly runId: string;
  /** The run's action: APPLY and PLAN also restore the accounts that left the scope (ContactRemoval.RESTORE_PREVIOUS). */
  readonly action: RunAction;
  readonly declarationKey: string;
  /** Only this account (a new account, an event). @default every account in scope */
  readonly onlyAccountId?: string;
  readonly newAccounts?: boolean;
}

/** The scope to store with the run, and where its accounts sit now. */
export interface ResolvedScope {
  readonly scope: RunScope;
  readonly placements: AccountPlacement[];
}

/**
 * Checks the prerequisites (no write before they hold), then lists the accounts in scope. Throws what stops the
 * run before any account is touched.
 */
export async function resolveScope(context: RunEnvironment, request: ScopeRequest): Promise<ResolvedScope> {
  const { log } = context;
  const declaration = await loadValidDeclaration(context, request.declarationKey);
  const access = await context.directory.checkPrerequisites(context.ownAccountId);

  let placements: AccountPlacement[];
  let missing: string[] = [];
  let skipped: SkippedAccount[] = [];
  if (request.action === RunAction.RESTORE) {
    // Every account the construct wrote to, in scope or not: what it held before goes back.
    const accountIds = new Set(((await context.snapshots?.snapshots()) ?? []).map((snapshot) => snapshot.accountId));
    placements = [...accountIds].sort().map((accountId) => ({ accountId, organizationalUnitIds: [] }));
  } else if (request.onlyAccountId !== undefined) {
    const account = await context.directory.describeAccount(request.onlyAccountId);
    placements = isActiveAccountState(account.state) && isAccountInScope(declaration, account) ? [account] : [];
    if (placements.length === 0) {
      log({ event: 'account-out-of-scope', runId: request.runId, accountId: request.onlyAccountId, state: account.state });
    }
  } else {
    const listed = await context.directory.listAccounts();
    const active = listed.filter((account) => isActiveAccountState(account.state));
    placements = active.filter((account) => isAccountInScope(declaration, account));
    // Accounts in scope that are not ACTIVE (closing, closed, suspended, not activated yet): said, never dropped.
    skipped = listed
      .filter((account) => !isActiveAccountState(account.state) && isAccountInScope(declaration, account))
      .map(({ accountId, state }) => ({ accountId, state }));
    const listedIds = new Set(listed.map((account) => account.accountId));
    const activeIds = new Set(active.map((account) => account.accountId));
    // Accounts named in accountIds that the organization does not hold: never skipped silently.
    missing = (declaration.accountIds ?? []).filter((accountId) => !listedIds.has(accountId) && !declaration.excludeAccountIds.includes(accountId));
    const overridden = declaration.accountOverrides.map((override) => override.accountId).filter((accountId) => !activeIds.has(accountId));
    if (overridden.length > 0) {
      log({ level: 'warn', event: 'override-without-account', runId: request.runId, accountIds: overridden });
    }
  }

  // The API manages the management account only from itself: a delegated administrator cannot set its contacts.
  if (access.callerRole === 'DELEGATED_ADMINISTRATOR' && placements.some((placement) => placement.accountId === access.managementAccountId)) {
    placements = placements.filter((placement) => placement.accountId !== access.managementAccountId);
    log({
      level: 'warn',
      event: 'management-account-not-managed',
      runId: request.runId,
      accountId: access.managementAccountId,
      reason:
        "the Account Management API sets the management account's contacts only from the management account itself: declare them there with SecurityContacts and AccountContactDetails",
    });
  }
  // Accounts the construct wrote to that have left the scope get what they held before (ContactRemoval.RESTORE_PREVIOUS).
  // A plan restores nothing: it hands them to the apply that follows it (and a dry run reports them).
  let leaving: string[] = [];
  if ((request.action === RunAction.APPLY || request.action === RunAction.PLAN) && context.snapshots) {
    const inScope = new Set(placements.map((placement) => placement.accountId));
    const written = new Set((await context.snapshots.snapshots(request.onlyAccountId)).map((snapshot) => snapshot.accountId));
    leaving = [...written].filter((accountId) => !inScope.has(accountId)).sort();
  }
  const planning = request.action === RunAction.PLAN;
  // The run applies the parameter versions read now, whatever is stored while it runs.
  const parameterVersions = parameterVersionsOf(declaration);
  return {
    scope: {
      accountIds: placements.map((placement) => placement.accountId),
      leavingAccountIds: planning ? [] : leaving,
      missingAccountIds: missing,
      ...(skipped.length > 0 ? { skippedAccounts: skipped } : {}),
      organizationId: access.organizationId,
      ...(planning && leaving.length > 0 ? { restoreAfterPlan: leaving } : {}),
      ...(request.newAccounts ? { newAccounts: true } : {}),
      ...(Object.keys(parameterVersions).length > 0 ? { parameterVersions } : {}),
    },
    placements,
  };
}

/** An account of the run's scope that is no longer an ACTIVE member: its state when it is still listed. */
export interface GoneAccount {
  readonly accountId: string;
  /** Its state (SUSPENDED, CLOSED, …); absent when the organization no longer holds it. */
  readonly state?: string;
}

/**
 * Where the run's accounts sit now, for a run whose accounts are queued again (its first start was cut short):
 * the accounts that are no longer ACTIVE members come back in `gone`.
 */
export async function currentPlacements(
  context: RunEnvironment,
  accountIds: readonly string[],
  action: RunAction,
): Promise<{ placements: AccountPlacement[]; gone: GoneAccount[] }> {
  if (accountIds.length === 0 || action === RunAction.RESTORE) {
    // A restore needs no unit: it writes back the snapshots.
    return { placements: accountIds.map((accountId) => ({ accountId, organizationalUnitIds: [] })), gone: [] };
  }
  const describe = (accountId: string) =>
    context.directory.describeAccount(accountId).catch((error) => {
      if ((error as Error)?.name === 'AccountNotFoundException') {
        return undefined;
      }
      throw error;
    });
  const listed =
    accountIds.length <= 10
      ? (await Promise.all(accountIds.map(describe))).filter((account): account is ListedAccount => account !== undefined)
      : await context.directory.listAccounts();
  const byId = new Map(listed.map((account) => [account.accountId, account]));
  const isActive = (accountId: string) => isActiveAccountState(byId.get(accountId)?.state);
  return {
    placements: accountIds.filter(isActive).map((accountId) => byId.get(accountId)!),
    gone: accountIds
      .filter((accountId) => !isActive(accountId))
      .map((accountId) => ({ accountId, ...(byId.has(accountId) ? { state: byId.get(accountId)!.state } : {}) })),
  };
}
