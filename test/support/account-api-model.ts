/**
 * The checked-in extract of the Account Management API's official model (test/fixtures/account-api-model.json,
 * from botocore's account service-2.json), typed for the tests and the local server.
 */
import * as extract from '../fixtures/account-api-model.json';

export interface ModelShape {
  readonly type: string;
  readonly members?: Record<string, { shape: string }>;
  readonly required?: string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
}

export const modelShapes = extract.shapes as unknown as Record<string, ModelShape>;
export const modelOperations = extract.operations;
export const modelMetadata = extract.metadata;
export const modelBotocoreVersion = extract.botocoreVersion;
