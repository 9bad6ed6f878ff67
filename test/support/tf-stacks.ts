import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { TEST_CREDENTIALS, TEST_REGION } from './moto-server';

/** A stack with a plain AWS provider, as a user would write it. */
export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

export interface LocalEndpoints {
  readonly account: string;
  readonly organizations: string;
  readonly sts: string;
}

/** A stack whose AWS provider talks to local servers (moto_server, the local Account API server). */
export function newLocalStack(endpoints: LocalEndpoints, app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, 'stack');
  new AwsProvider(stack, 'aws', {
    region: TEST_REGION,
    accessKey: TEST_CREDENTIALS.accessKeyId,
    secretKey: TEST_CREDENTIALS.secretAccessKey,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    // The account id comes from the aws_caller_identity data source where needed (STS on the local endpoint).
    skipRequestingAccountId: true,
    endpoints: [{ account: endpoints.account, organizations: endpoints.organizations, sts: endpoints.sts }],
  });
  return stack;
}
