/**
 * The organization custom resource's type, properties and the handler's settings: written by the construct,
 * read by the handler. No AWS SDK import here, so that the construct can share it.
 */

/** The custom resource that applies an organization's declaration and waits for the result. */
export const ORGANIZATION_CONTACTS_RESOURCE_TYPE = 'Custom::OrganizationContacts';

/** Properties of `Custom::OrganizationContacts`: where the declaration is and how to wait. No contacts here. */
export interface OrganizationContactsResourceProperties {
  readonly ConstructPath: string;
  /** The S3 object key of the declaration (an asset: it changes with the declaration, so each change is an update). */
  readonly DeclarationKey: string;
  /** How long CloudFormation waits for the apply, in seconds; 0 answers as soon as the work is queued. */
  readonly WaitSeconds: string;
  /** Whether accounts that failed fail the deployment ('true') or are only reported ('false'). */
  readonly FailOnAccountErrors: string;
  /**
   * 'RETAIN' leaves contacts in place on delete; 'DESTROY' deletes the declared alternate contacts; 'RESTORE' writes
   * back what each account held before the first write (ContactRemoval.RESTORE_PREVIOUS).
   */
  readonly RemovalPolicy: 'RETAIN' | 'DESTROY' | 'RESTORE';
  /** 'true': every run reads and compares only (nothing is written or deleted). @default 'false' */
  readonly DryRun?: string;
  /** A deployment plans first, and refuses to write when more accounts would change. @default no ceiling */
  readonly MaxAccountChanges?: string;
  /**
   * The SSM parameters that hold default contacts, by contact, as JSON (names, never values): a changed name is an
   * Update, hence a run. @default none
   */
  readonly ContactParameters?: string;
}

/** Environment variables of the organization function. */
export const ORGANIZATION_ENVIRONMENT = {
  TABLE_NAME: 'RESULTS_TABLE_NAME',
  QUEUE_URL: 'WORK_QUEUE_URL',
  DECLARATION_BUCKET: 'DECLARATION_BUCKET',
  DECLARATION_KEY: 'DECLARATION_KEY',
  FAILURE_TOPIC_ARN: 'FAILURE_TOPIC_ARN',
  /** JSON: operation name to { perSecond, burst } for one concurrent worker. */
  WORKER_RATES: 'WORKER_RATES',
  /** `1` when each run reads member accounts' primary emails (`runs.checkPrimaryEmail`). */
  CHECK_PRIMARY_EMAIL: 'CHECK_PRIMARY_EMAIL',
  METRIC_NAMESPACE: 'METRIC_NAMESPACE',
  CONSTRUCT_PATH: 'CONSTRUCT_PATH',
  RESULT_RETENTION_DAYS: 'RESULT_RETENTION_DAYS',
  /** The function's own role: its own contact changes are not outside changes. */
  ROLE_ARN: 'ROLE_ARN',
  /** RESTORE or NOTIFY; absent when outside changes are ignored. */
  OUTSIDE_CHANGE_ACTION: 'OUTSIDE_CHANGE_ACTION',
  OUTSIDE_CHANGE_TOPIC_ARN: 'OUTSIDE_CHANGE_TOPIC_ARN',
  /** 'true': every run reads and compares only. */
  DRY_RUN: 'DRY_RUN',
  /** 'true': keep what each account held before the first write (ContactRemoval.RESTORE_PREVIOUS). */
  RESTORE_SNAPSHOTS: 'RESTORE_SNAPSHOTS',
  /** The SSM parameters that hold default contacts, by contact, as JSON (`{"security": "/contacts/security"}`). */
  CONTACT_PARAMETERS: 'CONTACT_PARAMETERS',
} as const;

/** The metric namespace. */
export const DEFAULT_METRIC_NAMESPACE = 'CdkAccountContacts';

/** The metrics the worker emits (CloudWatch embedded metric format), one data point per account. */
export enum OrganizationMetric {
  ACCOUNTS_APPLIED = 'AccountsApplied',
  ACCOUNTS_UNCHANGED = 'AccountsUnchanged',
  ACCOUNTS_FAILED = 'AccountsFailed',
  ACCOUNTS_SKIPPED = 'AccountsSkipped',
  ACCOUNTS_WITH_PERSONAL_PRIMARY_EMAIL = 'AccountsWithPersonalPrimaryEmail',
}

/** The metrics' dimension: the construct path, so that two constructs' metrics stay apart. */
export const METRIC_DIMENSION = 'OrganizationContacts';

/** The input the reconciliation schedule sends to the function. */
export const RECONCILIATION_INPUT = { kind: 'RECONCILIATION' } as const;
