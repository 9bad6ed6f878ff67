import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AccountApiRates } from './account-api-rates';
import { ContactLock } from './contact-lock';
import { ContactParameters } from './contact-parameters';
import { ContactRemoval } from './contact-removal';
import { AccountSelection } from './contacts/account-selection';
import { AlternateContact } from './contacts/alternate-contact';
import { ContactInformation } from './contacts/contact-information';
import { ContactsOverrides } from './contacts/contacts-overrides';
import { OutsideChangeAction } from './outside-change-action';

/**
 * Properties of {@link OrganizationContacts}: the default contacts, then options grouped by concern.
 */
export interface OrganizationContactsProps {
  /**
   * The default SECURITY alternate contact of every account (CIS AWS Foundations Benchmark 1.2). Required, here or
   * as `contactParameters.security`.
   *
   * @default - read from `contactParameters.security`
   */
  readonly security?: AlternateContact;

  /**
   * The default BILLING alternate contact.
   *
   * @default - BILLING is managed only where an override declares it
   */
  readonly billing?: AlternateContact;

  /**
   * The default OPERATIONS alternate contact.
   *
   * @default - OPERATIONS is managed only where an override declares it
   */
  readonly operations?: AlternateContact;

  /**
   * The default primary contact information (CIS AWS Foundations Benchmark 1.1).
   *
   * @default - the primary contact is managed only where an override declares it
   */
  readonly contactInformation?: ContactInformation;

  /**
   * Default contacts held in SSM Parameter Store instead of the code (each parameter holds one contact as a JSON
   * object). The function reads them whenever it applies contacts, with the same rules and messages as values in the
   * code, so neither the template nor the declaration asset holds them; a new version of a parameter starts a run
   * over the whole scope, without a deployment. A contact is given here or as a value, not both. Overrides take
   * values only.
   *
   * @default - every default contact is given as a value
   */
  readonly contactParameters?: ContactParameters;

  /**
   * Which accounts of the organization an {@link OrganizationContacts} manages (its scope).
   *
   * @default - see each field
   */
  readonly accountSelection?: AccountSelection;

  /**
   * Contacts that differ from the defaults, for single accounts, organizational units and tagged accounts.
   *
   * @default - see each field
   */
  readonly overrides?: ContactsOverrides;

  /**
   * How much one deployment may change, and whether failed accounts fail it.
   *
   * @default - see each field
   */
  readonly safety?: SafetyOptions;

  /**
   * What {@link OrganizationContacts} does about contacts changed by other principals, and how it prevents it.
   *
   * @default - see each field
   */
  readonly outsideChanges?: OutsideChangeOptions;

  /**
   * What starts a run besides a deployment: the scheduled reconciliation and the accounts' events.
   *
   * @default - see each field
   */
  readonly triggers?: RunTriggerOptions;

  /**
   * How runs are carried out: the deployment's wait, the workers, the API rates, notifications and results.
   *
   * @default - see each field
   */
  readonly runs?: RunOptions;

  /**
   * What happens to the contacts when this construct is removed or its stack deleted, and to the contacts of an
   * account that leaves the scope.
   *
   * @default ContactRemoval.RETAIN
   */
  readonly removal?: ContactRemoval;
}

/**
 * How much one deployment may change, and whether failed accounts fail it.
 */
export interface SafetyOptions {
  /**
   * Whether every run only reads and compares: deployments, the reconciliation and events report per account what
   * would change (the deployment's attribute `WouldChange`, the log's `account` lines) and write or delete nothing.
   *
   * @default false
   */
  readonly dryRun?: boolean;

  /**
   * The most accounts one deployment may change. A deployment then plans first (reads every account, writes
   * nothing); if more accounts would change, it fails naming the count and nothing is written; otherwise it applies
   * exactly the accounts the plan found. The reconciliation and events are not limited.
   *
   * @default - no ceiling, and no plan before the apply
   */
  readonly maxAccountChanges?: number;

  /**
   * Whether accounts that failed fail the deployment (their ids, contact types and reasons are listed in the
   * stack event), or are only reported.
   *
   * @default true
   */
  readonly failDeploymentOnAccountErrors?: boolean;
}

/**
 * What {@link OrganizationContacts} does about contacts changed by other principals, and how it prevents it.
 */
export interface OutsideChangeOptions {
  /**
   * What happens when a managed contact is changed by another principal than this construct's role
   * (PutAlternateContact, DeleteAlternateContact or PutContactInformation seen through CloudTrail in this account's
   * us-east-1 event bus: calls made from the management account or the delegated administrator with `AccountId`; a
   * member account's own calls land in that account's event bus). A change that leaves the declared value in place
   * is not reported.
   *
   * @default OutsideChangeAction.RESTORE
   */
  readonly action?: OutsideChangeAction;

  /**
   * The topic told about each outside change (account, contact type, who, when, masked values).
   *
   * @default - `runs.failureTopic`, if any; else the function's log only
   */
  readonly topic?: sns.ITopic;

  /**
   * A service control policy that denies changing contacts to every principal of the targets except this
   * construct's role (and the principals you exempt). SCPs never apply to the management account.
   *
   * @default - no lock: principals of member accounts with the permissions can change their contacts
   */
  readonly contactLock?: ContactLock;
}

/**
 * What starts a run besides a deployment: the scheduled reconciliation and the accounts' events.
 */
export interface RunTriggerOptions {
  /**
   * Whether a scheduled reconciliation applies the declaration again, repairing changes made by hand and
   * covering accounts whose event was missed.
   *
   * @default true
   */
  readonly reconciliation?: boolean;

  /**
   * When the reconciliation runs.
   *
   * @default Schedule.rate(Duration.days(1))
   */
  readonly reconciliationSchedule?: events.Schedule;

  /**
   * Whether new accounts are applied when they join: EventBridge rules on Organizations' CreateAccountResult
   * and AcceptHandshake (delivered in us-east-1 only) and Control Tower's CreateManagedAccount (delivered in
   * Control Tower's home Region). In another Region those rules see nothing, and the reconciliation covers new
   * accounts.
   *
   * @default true
   */
  readonly newAccountEvents?: boolean;

  /**
   * Whether an account moved to another organizational unit is applied again at once, with its new unit's
   * contacts: an EventBridge rule on Organizations' MoveAccount API call (delivered in us-east-1 only, like the
   * other Organizations events). Without it, or in another Region, the next reconciliation applies the move. An
   * account moved out of the declared units keeps its contacts (it is no longer managed).
   *
   * @default true
   */
  readonly accountMovedEvents?: boolean;

  /**
   * Whether tagging or untagging an account applies it again at once (an EventBridge rule on Organizations'
   * TagResource and UntagResource calls, us-east-1 only). Only when `accountSelection.excludeAccountTags` or
   * `overrides.accountTags` is given; otherwise, or in another Region, the next reconciliation applies tag changes.
   *
   * @default true
   */
  readonly accountTagEvents?: boolean;
}

/**
 * How runs are carried out: the deployment's wait, the workers, the API rates, notifications and results.
 */
export interface RunOptions {
  /**
   * How long a deployment waits for every account to be applied. When the wait ends first, the deployment
   * succeeds with the number of accounts still pending (attribute `Pending`), and the run goes on: its results
   * come through the log, metrics and failure topic. At most 55 minutes (CloudFormation waits at most one hour
   * for a custom resource); `Duration.seconds(0)` does not wait.
   *
   * @default Duration.minutes(50)
   */
  readonly deploymentWait?: Duration;

  /**
   * Concurrent workers (Lambda invocations consuming the work queue, 2 to 1,000). The rates are divided among
   * them, so more workers do not mean more calls per second.
   *
   * @default 2
   */
  readonly maxConcurrency?: number;

  /**
   * Whether each run also reads the primary email (the root user's address, `account:GetPrimaryEmail`) of the member
   * accounts it applies or plans, and reports those that look like one person's mailbox rather than a team alias
   * (the audit's `primaryEmailLooksPersonal` rule): in the account's result line, the run's summary, the answer's
   * `PersonalPrimaryEmails` attribute and the `AccountsWithPersonalPrimaryEmail` metric. Nothing is written, and
   * a read that fails is a warning, never a failed account. The stack's own account (the management account, or the
   * delegated administrator), whose address this API does not read, is read from AWS Organizations
   * (`organizations:DescribeAccount`, which the function already has). It costs one GetPrimaryEmail per member account and run, at 3 calls a
   * second for the whole organization (`accountApiRates.primaryEmailReadsPerSecond`): about 28 minutes at 5,000
   * accounts, so a large organization may keep it to the command's audit.
   *
   * @default true
   */
  readonly checkPrimaryEmail?: boolean;

  /**
   * Account Management API calls per second, for the whole organization.
   *
   * @default - a little under AWS's quotas (see AccountApiRates)
   */
  readonly accountApiRates?: AccountApiRates;

  /**
   * A topic told about every run with failed accounts (account ids, contact types, masked reasons).
   *
   * @default - no notification: failures are in the log, the metrics and the results table
   */
  readonly failureTopic?: sns.ITopic;

  /**
   * How long per-account results are kept in the results table.
   *
   * @default Duration.days(90)
   */
  readonly resultRetention?: Duration;

  /**
   * The management account id, to narrow the role's Account Management and Organizations resource ARNs.
   *
   * @default - any management account (the ARNs still name member accounts of an organization only)
   */
  readonly managementAccountId?: string;
}
