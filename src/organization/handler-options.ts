import { ResourceClaims } from '../runtime/resource-claims';

/** What the handler needs besides the run context. */
export interface OrganizationHandlerOptions {
  /** The declaration key the deployed function was configured with (scheduled and event runs). */
  readonly currentDeclarationKey: string;
  /** The log stream, named in failure reasons. @default none */
  readonly logStreamName?: string;
  /** Messages of one SQS batch handled at once. @default 10 */
  readonly batchConcurrency?: number;
  /**
   * Which OrganizationContacts resources declare contacts now. Without it, a DESTROY Delete deletes whoever else
   * declares them. @default none
   */
  readonly claims?: ResourceClaims;
  /** What an outside contact change gets: RESTORE (notify and write back) or NOTIFY. @default 'RESTORE' */
  readonly outsideChangeAction?: 'RESTORE' | 'NOTIFY';
  /** Every run reads and compares only, whatever starts it. @default false */
  readonly dryRun?: boolean;
}
