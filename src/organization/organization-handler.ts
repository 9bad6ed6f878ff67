/**
 * The organization function's four kinds of invocation, told apart by shape:
 * - a CloudFormation request for `Custom::OrganizationContacts` (starts a run that the deployment waits for);
 * - an SQS batch of work messages (accounts to apply; deadlines of waiting deployments);
 * - the scheduled reconciliation (starts a run over the whole scope);
 * - an account lifecycle event (starts a run for the new account, or for an account moved to another unit or re-tagged);
 * - a contact change by another principal (a notification, and a run that writes the declared contact back);
 * - a new version of an SSM parameter that holds a default contact (a run over the whole scope).
 */
import { FailedInvocationRecord, isFailedInvocationRecord } from './failed-invocation';
import { OrganizationHandlerOptions } from './handler-options';
import { AccountLifecycleEvent, isAccountLifecycleEvent, isAccountMovedEvent, isAccountTagEvent, newAccountId } from './new-account-event';
import { processWorkMessage } from './organization-run';
import { handleContactChange, isContactChangeEvent } from './outside-change';
import { answerRun } from './run-answer';
import { OrganizationRunContext, RunEnvironment, runEnvironment } from './run-context';
import { claimScope } from './run-owners';
import { startRun } from './run-start';
import { RunAction, RunPhase, RunTransition, RunTrigger } from './run-state-machine';
import { WorkMessage } from './work-messages';
import { isOwnAccount } from '../contacts/own-account';
import { maskPersonalDataInText } from '../contacts/personal-data';
import { OrganizationContactsResourceProperties, RECONCILIATION_INPUT } from '../protocol/organization-resource';
import { ORGANIZATION_CLAIMS_PATH, PARAMETER_CHANGE_DETAIL_TYPE, PARAMETER_CHANGE_OPERATIONS } from '../protocol/resource-properties';
import { CustomResourceEvent, failureResponse, isDeleteOfFailedCreate, successResponse } from '../runtime/cloudformation-custom-resource';
import { mapWithConcurrency } from '../runtime/concurrency';
import { claimOwner, releaseClaimOnDelete } from '../runtime/resource-claims';

export type { OrganizationHandlerOptions } from './handler-options';

/** An SQS event, as far as this library reads it. */
export interface SqsEvent {
  readonly Records: Array<{ readonly messageId: string; readonly body: string; readonly eventSource?: string }>;
}

/** The partial batch answer of an SQS event source with ReportBatchItemFailures. */
export interface SqsBatchResponse {
  readonly batchItemFailures: Array<{ readonly itemIdentifier: string }>;
}

function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  const candidate = event as CustomResourceEvent;
  return typeof candidate?.RequestType === 'string' && typeof candidate.ResponseURL === 'string';
}

function isSqsEvent(event: unknown): event is SqsEvent {
  const records = (event as SqsEvent)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((record) => record.eventSource === 'aws:sqs');
}

/** SSM Parameter Store's event for a parameter created or changed (the rule matches the contact parameters only). */
interface ParameterChangeEvent {
  readonly id?: string;
  readonly detail: { readonly name: string; readonly operation: string };
}

function isParameterChangeEvent(event: unknown): event is ParameterChangeEvent {
  const candidate = event as { source?: string; 'detail-type'?: string; detail?: { name?: unknown; operation?: unknown } };
  return (
    candidate?.source === 'aws.ssm' &&
    candidate['detail-type'] === PARAMETER_CHANGE_DETAIL_TYPE &&
    typeof candidate.detail?.name === 'string' &&
    PARAMETER_CHANGE_OPERATIONS.includes(String(candidate.detail.operation))
  );
}

function isReconciliation(event: unknown): boolean {
  return (event as { kind?: string })?.kind === RECONCILIATION_INPUT.kind;
}

export async function handleOrganizationEvent(
  event: unknown,
  runContext: OrganizationRunContext,
  options: OrganizationHandlerOptions,
): Promise<SqsBatchResponse | void> {
  // Defaults resolved once, here: everything below receives them.
  const context = runEnvironment(runContext);
  const log = context.log;
  if (isSqsEvent(event)) {
    return handleWorkBatch(event, context, options);
  }
  if (isCustomResourceEvent(event)) {
    return handleCloudFormation(event, context, options);
  }
  if (isReconciliation(event)) {
    const now = new Date(context.now()).toISOString();
    await startRun(context, {
      runId: `reconciliation-${now}`,
      trigger: RunTrigger.RECONCILIATION,
      action: RunAction.APPLY,
      declarationKey: options.currentDeclarationKey,
      dryRun: options.dryRun,
    });
    return;
  }
  if (isAccountLifecycleEvent(event)) {
    return handleNewAccount(event, context, options);
  }
  if (isContactChangeEvent(event)) {
    return handleContactChange(event, context, options);
  }
  if (isParameterChangeEvent(event)) {
    // The event names the parameter, never its value; the run reads every default parameter again.
    log({ event: 'contact-parameter-changed', parameterName: event.detail.name, operation: event.detail.operation });
    const runId = `parameter-changed-${event.id ?? context.now()}`;
    try {
      await startRun(context, {
        runId,
        trigger: RunTrigger.PARAMETER_CHANGED,
        action: RunAction.APPLY,
        declarationKey: options.currentDeclarationKey,
        dryRun: options.dryRun,
      });
    } catch (error) {
      // A value that breaks the rules, or a parameter that cannot be read: nothing was written. Said in the log, and
      // once to the failure topic however many times the event is handled (Lambda's attempts, then its record on the
      // work queue and each delivery of it); then thrown, so that Lambda tries again (a parameter may become readable).
      const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
      log({ level: 'error', event: 'contact-parameter-change-failed', parameterName: event.detail.name, message });
      await notifyOnce(
        context,
        `${runId}/not-applied`,
        `cdk-account-contacts: contact parameter ${event.detail.name} not applied`.slice(0, 100),
        message,
      );
      throw error;
    }
    return;
  }
  log({ level: 'warn', event: 'ignored-invocation', shape: Object.keys((event as object) ?? {}).slice(0, 10) });
}

/** Publishes a notice once per `key`, whoever meets its cause again; a topic that refuses is logged, and tried again later. */
async function notifyOnce(context: RunEnvironment, key: string, subject: string, message: string): Promise<void> {
  if (!context.notifyFailures) {
    return;
  }
  try {
    if (!(await context.store.notices.claim(key, context.answerClaimMilliseconds))) {
      context.log({ event: 'notification-already-given', key });
      return;
    }
    await context.notifyFailures(subject, message);
    await context.store.notices.given(key);
  } catch (error) {
    context.log({ level: 'error', event: 'notification-failed', message: maskPersonalDataInText(String((error as Error)?.message ?? error)) });
  }
}

async function handleWorkBatch(event: SqsEvent, context: RunEnvironment, options: OrganizationHandlerOptions): Promise<SqsBatchResponse> {
  const log = context.log;
  const failures: Array<{ itemIdentifier: string }> = [];
  await mapWithConcurrency(event.Records, options.batchConcurrency ?? 10, async (record) => {
    try {
      const message: unknown = JSON.parse(record.body);
      if (isFailedInvocationRecord(message)) {
        await handleFailedInvocation(message, context, options);
      } else {
        await processWorkMessage(context, message as WorkMessage, record.messageId);
      }
    } catch (error) {
      // The machinery failed (DynamoDB, SQS, S3): SQS delivers the message again; the dead-letter queue takes it
      // after its last delivery. Account API failures never come here: they are results.
      log({
        level: 'error',
        event: 'message-failed',
        messageId: record.messageId,
        message: maskPersonalDataInText(String((error as Error)?.message ?? error)),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  });
  return { batchItemFailures: failures };
}

/**
 * An event whose asynchronous invocations all failed, sent back by Lambda's on-failure destination: handled again,
 * here, as its first invocation would have been (every step of a run can be repeated). If this fails too, SQS
 * delivers the record again, and the dead-letter queue keeps it after the last delivery.
 */
async function handleFailedInvocation(record: FailedInvocationRecord, context: RunEnvironment, options: OrganizationHandlerOptions): Promise<void> {
  const payload = record.requestPayload;
  const request = payload as Partial<CustomResourceEvent>;
  context.log({
    level: 'warn',
    event: 'failed-invocation-handled-again',
    requestId: record.requestContext.requestId,
    condition: record.requestContext.condition,
    invokeCount: record.requestContext.approximateInvokeCount,
    ...(typeof request.RequestType === 'string' ? { requestType: request.RequestType, logicalResourceId: request.LogicalResourceId } : {}),
  });
  if (isSqsEvent(payload)) {
    // SQS invokes the function synchronously: such a record cannot come from Lambda, and is not followed.
    throw new Error('an invocation record of an SQS batch is not handled again');
  }
  await handleOrganizationEvent(payload, context, options);
}

async function handleNewAccount(event: AccountLifecycleEvent, context: RunEnvironment, options: OrganizationHandlerOptions): Promise<void> {
  const log = context.log;
  const accountId = newAccountId(event);
  log({ event: 'account-lifecycle-event', source: event.source, eventName: event.detail?.eventName, accountId });
  // The own account is applied by deployments and the reconciliation; an event about it starts nothing.
  if (accountId === undefined || isOwnAccount(accountId, context.ownAccountId)) {
    return;
  }
  const trigger = isAccountMovedEvent(event)
    ? RunTrigger.ACCOUNT_MOVED
    : isAccountTagEvent(event)
      ? RunTrigger.ACCOUNT_TAGGED
      : RunTrigger.NEW_ACCOUNT;
  const prefix = { [RunTrigger.ACCOUNT_MOVED]: 'moved-account', [RunTrigger.ACCOUNT_TAGGED]: 'tagged-account' }[trigger as string] ?? 'new-account';
  await startRun(context, {
    runId: `${prefix}-${accountId}-${event.id ?? context.now()}`,
    trigger,
    action: RunAction.APPLY,
    declarationKey: options.currentDeclarationKey,
    onlyAccountId: accountId,
    dryRun: options.dryRun,
  });
}

async function handleCloudFormation(event: CustomResourceEvent, context: RunEnvironment, options: OrganizationHandlerOptions): Promise<void> {
  const log = context.log;
  const respond = context.respond;
  const properties = event.ResourceProperties as unknown as OrganizationContactsResourceProperties;
  const physicalResourceId = event.PhysicalResourceId ?? `organization-contacts/${event.LogicalResourceId}`;
  log({ event: 'request', requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, physicalResourceId: event.PhysicalResourceId });

  try {
    if (event.RequestType === 'Delete') {
      // The claim goes whatever the removal policy; the contacts go only under DESTROY, and only when no other
      // OrganizationContacts resource (this one renamed or moved, another stack) still declares contacts.
      const failedCreate = isDeleteOfFailedCreate(event);
      // A dry run writes nothing, and so deletes nothing either.
      const dryRun = properties.DryRun === 'true';
      const removes = properties.RemovalPolicy === 'DESTROY' || properties.RemovalPolicy === 'RESTORE';
      const claim = await releaseClaimOnDelete(options.claims, ORGANIZATION_CLAIMS_PATH, claimOwner(event), !failedCreate && !dryRun && removes);
      if (!claim.deletesNow) {
        // Nothing is written: the contacts stay (a failed create, a dry run, RETAIN, or another resource declares them).
        const action = claim.declaredBy ? 'kept-declared-elsewhere' : failedCreate ? 'nothing-to-delete' : dryRun ? 'dry-run' : 'left-in-place';
        const notReleased = claim.claimNotReleased === undefined ? {} : { claimNotReleased: claim.claimNotReleased };
        log({ event: 'delete', action, ...(claim.declaredBy ? { declaredBy: claim.declaredBy } : notReleased) });
        await respond(event.ResponseURL, successResponse(event, { PhysicalResourceId: physicalResourceId }));
        return;
      }
    }
    // One owner per contact: this resource's claim goes first, and an earlier owner of any account in scope stops it.
    const earlierOwners =
      event.RequestType !== 'Delete' && options.claims ? await claimScope(context, options.claims, claimOwner(event), properties.DeclarationKey) : [];
    await startRun(context, {
      runId: event.RequestId,
      trigger: RunTrigger.DEPLOYMENT,
      // RESTORE writes back what each account held before the construct's first write; DESTROY deletes.
      action: event.RequestType !== 'Delete' ? RunAction.APPLY : properties.RemovalPolicy === 'RESTORE' ? RunAction.RESTORE : RunAction.DELETE,
      declarationKey: properties.DeclarationKey,
      waitSeconds: Number(properties.WaitSeconds ?? 0),
      failOnAccountErrors: properties.FailOnAccountErrors !== 'false',
      dryRun: properties.DryRun === 'true',
      maxAccountChanges: properties.MaxAccountChanges !== undefined ? Number(properties.MaxAccountChanges) : undefined,
      earlierOwners,
      cloudFormation: {
        ResponseURL: event.ResponseURL,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        PhysicalResourceId: physicalResourceId,
        RequestType: event.RequestType,
      },
    });
    // The run answers CloudFormation: when its last account is recorded, or when its deadline passes.
  } catch (error) {
    const message = maskPersonalDataInText(error instanceof Error ? error.message : String(error));
    log({ level: 'error', event: 'failed', requestType: event.RequestType, message });
    const response = failureResponse(event, `${message}${options.logStreamName ? ` (log stream ${options.logStreamName})` : ''}`);
    const run = await context.store.getRun(event.RequestId);
    if (!run) {
      // Nothing was created: nothing runs, and nothing else answers.
      await respond(event.ResponseURL, response);
      return;
    }
    const abandoned =
      run.phase === RunPhase.STARTING &&
      (await context.store.transition(run.runId, RunTransition.ABANDON, { abandonReason: { S: response.Reason! } }));
    if (abandoned) {
      // Created, and its start failed: nothing more is queued, queued work is dropped, and the answer says why.
      await context.committed(RunTransition.ABANDON);
    }
    if (run.phase === RunPhase.STARTING || run.phase === RunPhase.ABANDONED) {
      await answerRun(context, run.runId);
      return;
    }
    // The run started: it answers for itself. Failing the invocation makes Lambda try it again, which moves it on.
    throw error;
  }
}
