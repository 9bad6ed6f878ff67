import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';

const testCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A real AWS SDK v3 Account client pointed at a local endpoint, with the SDK's own retries off. */
export function accountClient(endpoint: string): AccountClient {
  return new AccountClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

/** A real AWS SDK v3 Organizations client pointed at a local endpoint. */
export function organizationsClient(endpoint: string): OrganizationsClient {
  return new OrganizationsClient({ endpoint, region: 'us-east-1', credentials: testCredentials });
}

/** Retry options for tests: real backoff, scaled down to milliseconds. */
export const FAST_RETRIES = { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 };
