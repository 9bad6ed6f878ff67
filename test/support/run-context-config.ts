/**
 * The run context of one "Lambda container" in the organization tests, built from plain settings: the harness
 * builds it in the test process, and the crash tests build the same in a child process they can kill.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FAST_RETRIES, accountClient, localClientConfig, organizationsClient } from './clients';
import { MOTO_ACCOUNT_ID } from './moto-server';
import { ContactParameterNames } from '../../src/contacts/contact-parameters';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { RunStore } from '../../src/organization/run-store';
import { SnapshotStore } from '../../src/organization/snapshot-store';
import { WorkMessage } from '../../src/organization/work-messages';
import { WorkQueue } from '../../src/organization/work-queue';
import { AccountContactsApi } from '../../src/runtime/account-api';
import { contactParameterReader } from '../../src/runtime/contact-parameter-reader';
import { LogFields } from '../../src/runtime/log';
import { OrganizationDirectory } from '../../src/runtime/organization-directory';
import { RateLimiter } from '../../src/runtime/rate-limiter';

/** What a container is given: serializable, so that a child process can be given it too. */
export interface RunContextSettings {
  readonly motoEndpoint: string;
  /** Whether runs read member accounts' primary emails (`runs.checkPrimaryEmail`). @default false */
  readonly checkPrimaryEmail?: boolean;
  /** Organizations' endpoint: a strict front in front of moto (strict-organizations.ts). @default motoEndpoint */
  readonly organizationsEndpoint?: string;
  /** DynamoDB's endpoint: the strict front in front of moto (strict-dynamodb.ts). @default motoEndpoint */
  readonly dynamodbEndpoint?: string;
  readonly accountEndpoint: string;
  readonly tableName: string;
  readonly queueUrl: string;
  readonly ownRoleArn: string;
  /** Whether the container keeps snapshots before the first write (ContactRemoval.RESTORE_PREVIOUS). */
  readonly restorePreviousContacts: boolean;
  /** Every batch of messages reaches SQS twice, as duplicate deliveries would. @default false */
  readonly duplicateMessages?: boolean;
  /** The default contacts' SSM parameters, read from moto's SSM as the function reads them. @default none */
  readonly contactParameterNames?: ContactParameterNames;
}

/** A work queue whose every batch of messages reaches SQS twice, as a duplicate delivery would. */
export class DuplicatingQueue extends WorkQueue {
  public override async sendAll(messages: WorkMessage[], delaySeconds = 0): Promise<void> {
    await super.sendAll([...messages, ...messages], delaySeconds);
  }
}

/** What the container reports back, and where it finds declarations. */
export interface RunContextHooks {
  readonly declaration: (key: string) => OrganizationDeclaration | undefined;
  readonly log: (fields: LogFields) => void;
  readonly notifyFailures: (subject: string, message: string) => Promise<void>;
  readonly notifyOutsideChange: (subject: string, message: string) => Promise<void>;
  readonly respond?: OrganizationRunContext['respond'];
  readonly rates?: ConstructorParameters<typeof RateLimiter>[0];
}

export function buildRunContext(settings: RunContextSettings, hooks: RunContextHooks): OrganizationRunContext {
  const dynamodb = new DynamoDBClient(localClientConfig(settings.dynamodbEndpoint ?? settings.motoEndpoint));
  return {
    ownAccountId: MOTO_ACCOUNT_ID,
    checkPrimaryEmail: settings.checkPrimaryEmail,
    directory: new OrganizationDirectory(organizationsClient(settings.organizationsEndpoint ?? settings.motoEndpoint), FAST_RETRIES),
    api: new AccountContactsApi(accountClient(settings.accountEndpoint), {
      callerAccountId: MOTO_ACCOUNT_ID,
      retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 500 },
      rateLimiter: hooks.rates ? new RateLimiter(hooks.rates) : undefined,
    }),
    store: new RunStore(dynamodb, settings.tableName),
    queue: new (settings.duplicateMessages ? DuplicatingQueue : WorkQueue)(
      new SQSClient(localClientConfig(settings.motoEndpoint)),
      settings.queueUrl,
      FAST_RETRIES,
    ),
    loadDeclaration: async (key) => {
      const declaration = hooks.declaration(key);
      if (!declaration) {
        throw new Error(`no declaration under ${key}`);
      }
      return declaration;
    },
    resultsLocation: `DynamoDB table ${settings.tableName}`,
    notifyFailures: hooks.notifyFailures,
    notifyOutsideChange: hooks.notifyOutsideChange,
    ownRoleArn: settings.ownRoleArn,
    snapshots: settings.restorePreviousContacts ? new SnapshotStore(dynamodb, settings.tableName) : undefined,
    respond: hooks.respond,
    contactParameters: settings.contactParameterNames
      ? {
          names: settings.contactParameterNames,
          read: contactParameterReader(new SSMClient(localClientConfig(settings.motoEndpoint)), FAST_RETRIES),
        }
      : undefined,
    redelivery: {
      maxAttempts: 3,
      newAccountMaxAttempts: 6,
      delaySeconds: () => 1,
      answerDelaySeconds: () => 1,
      answerClaimSeconds: 1,
      // Scaled down with the function timeout of the container tests (seconds, not the 15 minutes of AWS).
      closingReserveSeconds: 3,
    },
    constructPath: 'Stack/OrganizationContacts',
    log: hooks.log,
  };
}
