/**
 * What a function needs to read the SSM parameters that hold contacts, and the rules that apply a parameter again
 * when it changes: `ssm:GetParameter` on each parameter's ARN only (not `grantRead`'s history and listing), and
 * `kms:Decrypt` on a SecureString's customer managed key, through SSM only.
 */
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ContactParameterNames, ParameterContactProperty } from '../contacts/contact-parameters';
import { PARAMETER_CHANGE_DETAIL_TYPE, PARAMETER_CHANGE_OPERATIONS } from '../protocol/resource-properties';

/** The statements that let a function read `parameters` (decrypted). */
export function contactParameterStatements(scope: Stack, parameters: ssm.IParameter[]): iam.PolicyStatement[] {
  if (parameters.length === 0) {
    return [];
  }
  const statements = [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: parameters.map((parameter) => parameter.parameterArn) })];
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
    detail: { name: parameters.map((parameter) => parameter.parameterName), operation: PARAMETER_CHANGE_OPERATIONS },
  };
}

/** The parameters' names by contact, for the shared checks (tokens are checked by SSM when the function reads). */
export function parameterNames(parameters: Partial<Record<ParameterContactProperty, ssm.IParameter>>): ContactParameterNames {
  return Object.fromEntries(
    Object.entries(parameters)
      .filter(([, parameter]) => parameter !== undefined)
      .map(([property, parameter]) => [property, parameter!.parameterName]),
  );
}
