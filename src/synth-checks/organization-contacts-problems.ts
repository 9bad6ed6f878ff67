/**
 * `OrganizationContacts`' own settings checked at synth, beyond the contacts (those are the shared declaration
 * rules): removal, deployment wait, concurrency, rates, management account, and values that cannot be tokens
 * because the declaration is a file. Fields are named by their place in the grouped props (`runs.maxConcurrency`).
 */
import { Duration, Token } from 'aws-cdk-lib';
import { ContactRemoval } from '../contact-removal';
import { ValidationProblem, validateAccountId } from '../contacts/validation';

/** CloudFormation waits at most one hour for a custom resource; the answer needs a margin. */
export const MAX_DEPLOYMENT_WAIT = Duration.minutes(55);

/** The settings checked here. */
export interface OrganizationSettings {
  /** As given: a JavaScript caller can pass anything. */
  readonly removal: ContactRemoval;
  readonly deploymentWait: Duration;
  readonly maxConcurrency: number;
  /** Calls per second by rate name (`alternateContactWritesPerSecond`, ...). */
  readonly accountApiRates: Record<string, number | undefined>;
  readonly managementAccountId?: string;
  readonly maxAccountChanges?: number;
}

const REMOVALS: readonly unknown[] = [ContactRemoval.RETAIN, ContactRemoval.DESTROY, ContactRemoval.RESTORE_PREVIOUS];

/** A value as a message shows it: a CDK RemovalPolicy is a string, a ContactRemoval has a name. */
function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

export function settingProblems(settings: OrganizationSettings): ValidationProblem[] {
  const { removal, deploymentWait: wait, maxConcurrency } = settings;
  const problems: ValidationProblem[] = [];
  if (!REMOVALS.includes(removal)) {
    problems.push({
      field: 'removal',
      message:
        `removal ${describeValue(removal)} is not supported: use ContactRemoval.RETAIN (contacts stay), ContactRemoval.DESTROY (declared alternate ` +
        'contacts are deleted) or ContactRemoval.RESTORE_PREVIOUS (each account gets back what it held before)',
    });
  }
  if (!wait.isUnresolved() && wait.toSeconds() > MAX_DEPLOYMENT_WAIT.toSeconds()) {
    problems.push({
      field: 'runs.deploymentWait',
      message: `runs.deploymentWait ${wait.toHumanString()} is too long: at most 55 minutes (CloudFormation waits at most one hour for a custom resource)`,
    });
  }
  if (!Token.isUnresolved(maxConcurrency) && (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000)) {
    problems.push({
      field: 'runs.maxConcurrency',
      message: `runs.maxConcurrency ${maxConcurrency} must be a whole number from 2 to 1000 (SQS event source maximum concurrency)`,
    });
  }
  for (const [name, value] of Object.entries(settings.accountApiRates)) {
    if (typeof value === 'number' && !(value > 0)) {
      problems.push({ field: `runs.accountApiRates.${name}`, message: `runs.accountApiRates.${name} ${value} must be above 0 calls per second` });
    }
  }
  const max = settings.maxAccountChanges;
  if (max !== undefined && !Token.isUnresolved(max) && (!Number.isInteger(max) || max < 0)) {
    problems.push({ field: 'safety.maxAccountChanges', message: `safety.maxAccountChanges ${max} must be a whole number of accounts, 0 or more` });
  }
  problems.push(...validateAccountId(settings.managementAccountId, { field: 'runs.managementAccountId', isUnresolved: Token.isUnresolved }));
  return problems;
}

/**
 * The declaration is stored as a file (an S3 asset), which CloudFormation does not resolve: every declared value
 * must be known at synth time. `values` holds them by the name each has in the props (`security`, `accountIds`, ...).
 */
export function tokenProblems(values: unknown, field = ''): ValidationProblem[] {
  if (typeof values === 'string' && Token.isUnresolved(values)) {
    return [
      {
        field,
        message: `${field} is a token (a value known only at deploy time): OrganizationContacts stores its declaration as an S3 asset, which CloudFormation does not resolve; use a value known at synth time (e.g. ssm.StringParameter.valueFromLookup) or SecurityContacts, which accepts tokens`,
      },
    ];
  }
  if (Array.isArray(values)) {
    return values.flatMap((item, index) => tokenProblems(item, `${field}[${index}]`));
  }
  if (values && typeof values === 'object') {
    return Object.entries(values).flatMap(([key, item]) => tokenProblems(item, field === '' ? key : `${field}.${key}`));
  }
  return [];
}
