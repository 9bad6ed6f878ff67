import * as net from 'net';
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';

import { TEST_CREDENTIALS, TEST_REGION } from './moto-server';

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

/** An endpoint on a local port that nothing listens on: connections to it are refused. */
export async function refusedEndpoint(): Promise<string> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A real SSM client whose every call fails: its endpoint refuses connections. */
export async function unreachableSsmClient(): Promise<SSMClient> {
  return new SSMClient({ ...localClientConfig(await refusedEndpoint()), maxAttempts: 1 });
}
