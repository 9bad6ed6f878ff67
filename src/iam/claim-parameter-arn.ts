import { ArnFormat, Stack } from 'aws-cdk-lib';

/**
 * `arn:${Partition}:ssm:${Region}:${Account}:parameter/<name without its leading slash>`: the ARN of an ownership
 * claim's SSM parameter (names start with `/`, parameter ARNs do not repeat it). The one way both constructs'
 * policies build it.
 */
export function claimParameterArn(stack: Stack, parameterName: string): string {
  return stack.formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: parameterName.replace(/^\//, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
