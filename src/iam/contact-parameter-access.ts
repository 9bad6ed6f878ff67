/**
 * What a function needs to read the SSM parameters that hold contacts, and the rules that apply a parameter again
 * when it changes: `ssm:GetParameter` on each parameter's ARN only (not `grantRead`'s history and listing), and
 * `kms:Decrypt` on a SecureString's customer managed key, through SSM only.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ContactParameterNames, ParameterContactProperty } from '../contacts/contact-parameters';
import { isOwnAccount } from '../contacts/own-account';
import { ValidationProblem } from '../contacts/validation';
import { PARAMETER_CHANGE_DETAIL_TYPE, PARAMETER_CHANGE_OPERATIONS } from '../protocol/resource-properties';

/**
 * The statements that let a function read `parameters` (decrypted). `versions`: also a version of each, by selector
 * (`GetParameter` of `/name:3`, as an organization run reads the version it pinned): the parameter's ARN followed by
 * `:*`, which names only that parameter's versions and labels (a parameter name holds no `:`).
 */
export function contactParameterStatements(scope: Stack, parameters: ssm.IParameter[], options: { versions?: boolean } = {}): iam.PolicyStatement[] {
  if (parameters.length === 0) {
    return [];
  }
  const arns = parameters.map((parameter) => parameter.parameterArn);
  const statements = [
    new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: options.versions ? arns.flatMap((arn) => [arn, `${arn}:*`]) : arns }),
  ];
  const keys = parameters.map(encryptionKeyOf).filter((key): key is kms.IKey => key !== undefined);
  if (keys.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [...new Set(keys.map((key) => key.keyArn))],
        // Only for Parameter Store's decryption of the parameter, never a direct Decrypt call.
        conditions: { StringEquals: { 'kms:ViaService': `ssm.${scope.region}.${scope.urlSuffix}` } },
      }),
    );
  }
  return statements;
}

/** The customer managed key of a SecureString parameter given with its key (`fromSecureStringParameterAttributes`). */
function encryptionKeyOf(parameter: ssm.IParameter): kms.IKey | undefined {
  return (parameter as { encryptionKey?: kms.IKey }).encryptionKey;
}

/** The EventBridge pattern of a new version of any of `parameters` (SSM Parameter Store's own events). */
export function parameterChangePattern(parameters: ssm.IParameter[]): events.EventPattern {
  return {
    source: ['aws.ssm'],
    detailType: [PARAMETER_CHANGE_DETAIL_TYPE],
    detail: { name: parameters.map(contactParameterName), operation: PARAMETER_CHANGE_OPERATIONS },
  };
}

/** The parameters' names by contact, for the shared checks (tokens are checked by SSM when the function reads). */
export function parameterNames(parameters: Partial<Record<ParameterContactProperty, ssm.IParameter>>): ContactParameterNames {
  return Object.fromEntries(
    Object.entries(parameters)
      .filter(([, parameter]) => parameter !== undefined)
      .map(([property, parameter]) => [property, contactParameterName(parameter!)]),
  );
}

/** `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`: the account and the name. */
const PARAMETER_ARN = /^arn:[^:]+:ssm:[^:]*:([^:]*):parameter\/(.+)$/;

/**
 * A parameter's name as SSM and its events spell it. A parameter given by ARN
 * (`StringParameter.fromStringParameterArn`) gets from aws-cdk-lib the last segment of its path as its name
 * (`/contacts/security` becomes `security`): the function would read, and the rule watch, another parameter. Its
 * name is read from the ARN instead (a name with a path starts with `/`, which the ARN leaves out).
 */
export function contactParameterName(parameter: ssm.IParameter): string {
  const arn = parameter.parameterArn;
  const parsed = Token.isUnresolved(arn) ? null : PARAMETER_ARN.exec(arn);
  if (!parsed) {
    return parameter.parameterName;
  }
  return parsed[2].includes('/') ? `/${parsed[2]}` : parsed[2];
}

/**
 * A parameter given by ARN in another account cannot work: the function reads parameters by name, in its own account
 * and Region, and SSM's change events arrive only in the parameter's own account and Region.
 */
export function contactParameterPlacementProblems(
  stack: Stack,
  parameters: Partial<Record<ParameterContactProperty, ssm.IParameter>>,
  field: (property: ParameterContactProperty) => string,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const [property, parameter] of Object.entries(parameters) as Array<[ParameterContactProperty, ssm.IParameter | undefined]>) {
    const arn = parameter?.parameterArn;
    const parsed = arn === undefined || Token.isUnresolved(arn) ? null : PARAMETER_ARN.exec(arn);
    if (!parsed) {
      continue;
    }
    // Another Region aws-cdk-lib refuses itself (`fromStringParameterArn`); another account it takes.
    const account = parsed[1];
    if (!Token.isUnresolved(stack.account) && !isOwnAccount(account, stack.account)) {
      problems.push({
        field: field(property),
        message:
          `${field(property)} ${arn} is in account ${account}, not the stack's ${stack.account}: the function reads a contact parameter by name in its own account and ` +
          "Region, and SSM sends a parameter's change events only there. Create the parameter in the stack's account and Region (a copy kept in sync, or the stack deployed beside it).",
      });
    }
  }
  return problems;
}
