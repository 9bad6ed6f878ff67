import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';

import { TEST_CREDENTIALS, TEST_REGION, freePort } from './moto-server';

/** The configuration of any AWS SDK v3 client sent to a local endpoint (moto_server, the local servers). */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS };
}

/** A real AWS SDK v3 Account client pointed at a local endpoint, with the SDK's own retries off. */
export function accountClient(endpoint: string): AccountClient {
  return new AccountClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
}

/** A real AWS SDK v3 Organizations client pointed at a local endpoint. */
export function organizationsClient(endpoint: string): OrganizationsClient {
  return new OrganizationsClient(localClientConfig(endpoint));
}

/** Retry options for tests: real backoff, scaled down to milliseconds. */
export const FAST_RETRIES = { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 };

/** A real SSM client whose every call fails: nothing listens on its endpoint's port, so connections are refused. */
export async function unreachableSsmClient(): Promise<SSMClient> {
  return new SSMClient({ ...localClientConfig(`http://127.0.0.1:${await freePort()}`), maxAttempts: 1 });
}
