/**
 * `OrganizationContacts`' own settings checked at synth, beyond the contacts (those are the shared declaration
 * rules): removal policy, deployment wait, concurrency, rates, management account, and values that cannot be
 * tokens because the declaration is a file.
 */
import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { ValidationProblem, validateAccountId } from '../contacts/validation';

/** CloudFormation waits at most one hour for a custom resource; the answer needs a margin. */
export const MAX_DEPLOYMENT_WAIT = Duration.minutes(55);

/** The settings checked here. */
export interface OrganizationSettings {
  readonly removalPolicy: RemovalPolicy;
  readonly deploymentWait: Duration;
  readonly maxConcurrency: number;
  /** Calls per second by rate name (`alternateContactWritesPerSecond`, ...). */
  readonly accountApiRates: Record<string, number | undefined>;
  readonly managementAccountId?: string;
  readonly maxAccountChanges?: number;
  readonly restorePreviousContacts?: boolean;
}

export function settingProblems(settings: OrganizationSettings): ValidationProblem[] {
  const { removalPolicy, deploymentWait: wait, maxConcurrency } = settings;
  const problems: ValidationProblem[] = [];
  if (removalPolicy !== RemovalPolicy.RETAIN && removalPolicy !== RemovalPolicy.DESTROY) {
    problems.push({
      field: 'removalPolicy',
      message: `removalPolicy ${removalPolicy} is not supported: use RETAIN (contacts stay) or DESTROY (declared alternate contacts are deleted)`,
    });
  }
  if (!wait.isUnresolved() && wait.toSeconds() > MAX_DEPLOYMENT_WAIT.toSeconds()) {
    problems.push({
      field: 'deploymentWait',
      message: `deploymentWait ${wait.toHumanString()} is too long: at most 55 minutes (CloudFormation waits at most one hour for a custom resource)`,
    });
  }
  if (!Token.isUnresolved(maxConcurrency) && (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000)) {
    problems.push({
      field: 'maxConcurrency',
      message: `maxConcurrency ${maxConcurrency} must be a whole number from 2 to 1000 (SQS event source maximum concurrency)`,
    });
  }
  for (const [name, value] of Object.entries(settings.accountApiRates)) {
    if (typeof value === 'number' && !(value > 0)) {
      problems.push({ field: `accountApiRates.${name}`, message: `accountApiRates.${name} ${value} must be above 0 calls per second` });
    }
  }
  if (settings.restorePreviousContacts && removalPolicy === RemovalPolicy.DESTROY) {
    problems.push({
      field: 'restorePreviousContacts',
      message:
        'restorePreviousContacts and removalPolicy DESTROY both decide what removal does: keep removalPolicy RETAIN (the default) with restorePreviousContacts',
    });
  }
  const max = settings.maxAccountChanges;
  if (max !== undefined && !Token.isUnresolved(max) && (!Number.isInteger(max) || max < 0)) {
    problems.push({ field: 'maxAccountChanges', message: `maxAccountChanges ${max} must be a whole number of accounts, 0 or more` });
  }
  problems.push(...validateAccountId(settings.managementAccountId, { field: 'managementAccountId', isUnresolved: Token.isUnresolved }));
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
