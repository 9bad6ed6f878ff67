/**
 * A CloudFormation deployment simulator for the tests: it plays CloudFormation's documented stack operations on
 * synthesized templates, and runs every custom resource through the Lambda code asset of the cloud assembly
 * (in-process, with the events CloudFormation sends and a real HTTP ResponseURL), while the handler's role policy,
 * as it stands at each moment of the operation, is enforced in front of the APIs (IamEnforcingProxy).
 *
 * What it plays (AWS CloudFormation User Guide: "Update behaviors of stack resources", "Stack failure options",
 * "DeletionPolicy", "UpdateReplacePolicy", "Custom resources"):
 * - create: resources in dependency order (Ref, Fn::GetAtt, Fn::Sub, DependsOn), one at a time; a failure rolls the
 *   stack back: every resource created is deleted in reverse order (the failed custom resource too, with the
 *   physical id it answered), except `Retain`;
 * - update: new and changed resources in dependency order of the new template; a custom resource is sent Update
 *   with `OldResourceProperties` and is replaced when it answers another physical id; only then the cleanup phase
 *   deletes removed resources and replaced physical resources, in reverse dependency order of the old template,
 *   after every update, IAM policies included, has completed. `DeletionPolicy` (removed resources) and
 *   `UpdateReplacePolicy` (replaced ones): `Retain` and `RetainExceptOnCreate` keep them;
 * - a failed update rolls back: resources updated in place (the failed one included) are sent Update with their
 *   old properties, in reverse order; replaced resources get their old physical resource back; then the rollback
 *   cleanup deletes the resources created and the new physical resources of replaced ones (`Retain` keeps a
 *   created resource, `RetainExceptOnCreate` does not);
 * - stack delete: reverse dependency order, `Retain` and `RetainExceptOnCreate` resources get no request.
 * Resources that are not custom resources are kept as records (a physical id and `Arn`): their properties only
 * matter to the simulator for IAM (`AWS::IAM::Policy`, `AWS::IAM::Role`) and Lambda (`AWS::Lambda::Function`,
 * `AWS::Lambda::EventSourceMapping`), except SQS queues and DynamoDB tables, which are created in moto_server. File
 * assets are published to moto's S3 before each operation, as `cdk deploy` does. A function runs with its environment
 * variables; while CloudFormation waits for a custom resource's answer, the stack's SQS event source mappings deliver
 * their queues' messages to their functions (one batch at a time, failed items left for redelivery), as Lambda does.
 * IAM is enforced for the Account Management API and SSM; the other services are called directly. AWS's quotas on what
 * a template deploys (test/support/aws-quotas.ts) are enforced too: CloudFormation refuses a template over its quotas
 * before any operation, and a policy, role, SCP or function over its service's quota fails its resource, in the
 * service's words, as in AWS.
 * Scalars in custom resource properties reach the handler as strings, as in CloudFormation.
 *
 * It is a test tool, not a product: one operation at a time, no parallel branches, no conditions, no nested stacks.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AccountApiServer, AccountApiServerOptions } from './account-api-server';
import { resourceRefusal, templateRefusal } from './aws-quotas';
import { localClientConfig } from './clients';
import { matchesEventPattern } from './event-pattern';
import { IamEnforcingProxy } from './iam-enforcing-proxy';
import { AuthorizationRequest, Decision, PolicyDocument, evaluatePolicies } from './iam-policy';
import { MotoServer, localAwsEnvironment } from './moto-server';
import { ResponseRecorder } from './response-recorder';
import { StrictDynamoDB } from './strict-dynamodb';
import { removeAssemblies } from './synthesize';
import { CLAIMS_PARAMETER_ROOT } from '../../src/protocol/resource-properties';

export interface CloudFormationTemplate {
  readonly Parameters?: Record<string, { Type: string; Default?: unknown }>;
  readonly Resources: Record<string, TemplateResource>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, unknown>;
}

interface LiveResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
  readonly attributes: Record<string, string>;
  readonly metadata?: Record<string, unknown>;
  /** The cloud assembly the resource's Lambda code comes from. */
  readonly assemblyDirectory: string;
}

/** One thing CloudFormation did to one resource. */
export interface StackEvent {
  readonly phase: 'CREATE' | 'UPDATE' | 'CLEANUP' | 'ROLLBACK' | 'ROLLBACK_CLEANUP' | 'DELETE';
  readonly logicalId: string;
  readonly action: 'Create' | 'Update' | 'Delete' | 'Retain';
  readonly physicalId?: string;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
}

export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export interface OperationResult {
  readonly status: StackStatus;
  /** This operation's events. */
  readonly events: StackEvent[];
  /** The events that failed (a failed cleanup delete leaves the stack complete but is listed here). */
  readonly failures: StackEvent[];
}

/** A synthesized stack: its template and the cloud assembly directory that holds its assets. */
export interface StackArtifact {
  readonly template: CloudFormationTemplate;
  readonly assemblyDirectory: string;
}

export interface DeployOptions {
  /** Logical ids of resources that fail when they are created or updated, as another resource of a stack can. */
  readonly failingResources?: string[];
  /** Stack parameter values. */
  readonly parameters?: Record<string, string>;
}

const PSEUDO_PARAMETERS = ['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue'];
const NO_VALUE = Symbol('AWS::NoValue');

class ResourceFailure extends Error {
  constructor(
    message: string,
    readonly physicalId?: string,
  ) {
    super(message);
  }
}

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * The AWS side of the tests: the local Account API server, moto_server (SSM), the IAM-enforcing proxy in front of
 * both, and the HTTP server that takes custom resource responses. One world, any number of stacks.
 */
/** The world to simulate. */
export interface SimulatedAwsOptions {
  readonly accountApi: AccountApiServerOptions;
  readonly accountId: string;
  readonly region?: string;
  readonly managementAccountId?: string;
}

/**
 * The simulator for the tests of one file: started before them, stopped after them (with the test assemblies),
 * reset before each; after each, whatever happened, the functions' logs must hold none of `personalData` in full.
 */
export function useSimulatedAws(options: SimulatedAwsOptions & { personalData: string[] }, started: (aws: SimulatedAws) => void): void {
  let aws: SimulatedAws | undefined;
  beforeAll(async () => {
    aws = await SimulatedAws.start(options);
    started(aws);
  });
  afterAll(async () => {
    await aws?.stop();
    removeAssemblies();
  });
  beforeEach(async () => aws!.reset());
  afterEach(() => {
    const logs = aws!.logs.join('\n');
    for (const value of options.personalData) {
      expect(logs).not.toContain(value);
    }
  });
}

export class SimulatedAws {
  public static async start(options: SimulatedAwsOptions): Promise<SimulatedAws> {
    const accountApi = await AccountApiServer.start({ callerAccountId: options.accountId, ...options.accountApi });
    const moto = await MotoServer.start({ accountId: options.accountId });
    const world = new SimulatedAws(accountApi, moto, options.accountId, options.region ?? 'us-east-1');
    world.proxy = await IamEnforcingProxy.start({
      accountEndpoint: accountApi.endpoint,
      motoEndpoint: moto.endpoint,
      callerAccountId: options.accountId,
      managementAccountId: options.managementAccountId,
      region: world.region,
      authorize: (request) => world.authorize(request),
    });
    world.responses = await ResponseRecorder.start();
    world.strictDynamoDB = await StrictDynamoDB.start(moto.endpoint);
    // The handler's AWS SDK clients go to the proxy, as a function's calls go through IAM.
    Object.assign(
      process.env,
      localAwsEnvironment(
        {
          ACCOUNT: world.proxy.endpoint,
          SSM: world.proxy.endpoint,
          ORGANIZATIONS: moto.endpoint,
          S3: moto.endpoint,
          SQS: moto.endpoint,
          DYNAMODB: world.strictDynamoDB.endpoint,
          SNS: moto.endpoint,
        },
        world.region,
      ),
      { AWS_S3_FORCE_PATH_STYLE: 'true' },
    );
    return world;
  }

  public proxy!: IamEnforcingProxy;
  /** The functions' DynamoDB: moto behind a front as strict as AWS about request sizes. */
  public strictDynamoDB!: StrictDynamoDB;
  public readonly s3: S3Client;
  public readonly sqs: SQSClient;
  public readonly dynamodb: DynamoDBClient;
  public readonly ssm: SSMClient;
  /** Every line the functions logged (console.log), in order: for assertions, and kept out of the test output. */
  public readonly logs: string[] = [];
  /** How long a custom resource's answer is waited for while event sources run (CloudFormation waits ServiceTimeout). */
  public answerWaitMs = 120_000;
  /** The role policies of the function running now; the proxy asks them. */
  private activePolicies?: () => PolicyDocument[];
  /** The custom resources' ResponseURL endpoint. */
  private responses!: ResponseRecorder;

  private constructor(
    public readonly accountApi: AccountApiServer,
    public readonly moto: MotoServer,
    public readonly accountId: string,
    public readonly region: string,
  ) {
    const client = { ...localClientConfig(moto.endpoint), region };
    this.s3 = new S3Client({ ...client, forcePathStyle: true });
    this.sqs = new SQSClient(client);
    this.dynamodb = new DynamoDBClient(client);
    this.ssm = new SSMClient(client);
  }

  /** The names of the claims that the functions keep in SSM Parameter Store (every stack of this account), sorted. */
  public async claims(): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.ssm.send(new GetParametersByPathCommand({ Path: CLAIMS_PARAMETER_ROOT, Recursive: true, NextToken: nextToken }));
      names.push(...(page.Parameters ?? []).map((parameter) => parameter.Name!));
      nextToken = page.NextToken;
    } while (nextToken);
    return names.sort();
  }

  /** A stack of this account and Region. */
  public stack(stackName: string): SimulatedStack {
    return new SimulatedStack(this, stackName);
  }

  /** Forgets every contact, claim, request and denial: each test starts from empty accounts. */
  public async reset(): Promise<void> {
    this.logs.length = 0;
    this.accountApi.reset();
    await this.moto.reset();
    this.proxy.denied.length = 0;
  }

  public async stop(): Promise<void> {
    await this.responses.stop();
    await this.strictDynamoDB.stop();
    await this.proxy.stop();
    await this.accountApi.stop();
    await this.moto.stop();
  }

  /** @internal Uploads the assembly's file assets to moto's S3, as `cdk deploy` publishes them. */
  public async publishAssets(assemblyDirectory: string, stackName: string): Promise<void> {
    // The stack's own asset manifest; a template deployed under another name (a StackSet instance) has the one of the
    // assembly's only stack.
    const manifests = fs.readdirSync(assemblyDirectory).filter((file) => file.endsWith('.assets.json'));
    const manifestFile = manifests.includes(`${stackName}.assets.json`)
      ? `${stackName}.assets.json`
      : manifests.length === 1
        ? manifests[0]
        : undefined;
    if (!manifestFile) {
      return;
    }
    const manifestPath = path.join(assemblyDirectory, manifestFile);
    type FileAsset = { source: { path: string; packaging?: string }; destinations: Record<string, { bucketName: string; objectKey: string }> };
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { files?: Record<string, FileAsset> };
    for (const asset of Object.values(manifest.files ?? {})) {
      if (asset.source.packaging === 'zip') {
        continue; // Code directories: the simulator runs them from the assembly.
      }
      for (const destination of Object.values(asset.destinations)) {
        const bucket = destination.bucketName.replace('${AWS::AccountId}', this.accountId).replace('${AWS::Region}', this.region);
        await this.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
          if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name)) {
            throw error;
          }
        });
        const body = fs.readFileSync(path.join(assemblyDirectory, asset.source.path));
        await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: destination.objectKey, Body: body }));
      }
    }
  }

  /**
   * @internal Runs `handler` with the given role policies in force and returns CloudFormation's answer; while none
   * has come, `background` runs (the stack's event sources), up to `answerWaitMs`.
   */
  public async invoke(invocation: {
    handler: LambdaHandler;
    event: Record<string, unknown>;
    functionArn: string;
    timeoutSeconds: number;
    policies: () => PolicyDocument[];
    background?: () => Promise<boolean>;
  }): Promise<Record<string, unknown>> {
    const key = `/cloudformation-response/${randomUUID()}`;
    const event = { ...invocation.event, ResponseURL: `${this.responses.urlFor(key)}?X-Amz-Signature=simulated` };
    const { thrown } = await this.run(invocation.handler, event, invocation.functionArn, invocation.timeoutSeconds, invocation.policies);
    // In-process, a direct answer is in by now; a function that hands the work on answers later.
    const waitUntil = Date.now() + (invocation.background ? this.answerWaitMs : 500);
    while (this.responses.responseTo(key) === undefined && Date.now() < waitUntil) {
      const worked = invocation.background ? await invocation.background() : false;
      if (!worked) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const answer = this.responses.responseTo(key);
    // CloudFormation reads only a PUT to the presigned URL, and refuses a body over 4,096 bytes.
    if (answer && answer.method === 'PUT') {
      return answer.bytes > 4_096 ? { Status: 'FAILED', Reason: `Response object is too long (${answer.bytes} bytes).` } : answer.body;
    }
    return {
      Status: 'FAILED',
      Reason: `no response from the function (it ${thrown ? `threw: ${(thrown as Error).message}` : 'returned without answering'}); CloudFormation waits for its ServiceTimeout`,
    };
  }

  /** @internal Runs a handler with the given role policies in force; returns what it returned or threw. */
  public async run(
    handler: LambdaHandler,
    event: unknown,
    functionArn: string,
    timeoutSeconds: number,
    policies: () => PolicyDocument[],
  ): Promise<{ result?: unknown; thrown?: unknown }> {
    const started = Date.now();
    const previous = this.activePolicies;
    this.activePolicies = policies;
    const log = console.log;
    console.log = (...items: unknown[]) => void this.logs.push(items.map(String).join(' '));
    try {
      const result = await handler(event, {
        invokedFunctionArn: functionArn,
        logStreamName: '2026/11/24/[$LATEST]simulated',
        getRemainingTimeInMillis: () => started + timeoutSeconds * 1000 - Date.now(),
      });
      return { result };
    } catch (error) {
      return { thrown: error ?? new Error('threw nothing') };
    } finally {
      this.activePolicies = previous;
      console.log = log;
    }
  }

  private authorize(request: AuthorizationRequest): Decision {
    return this.activePolicies ? evaluatePolicies(this.activePolicies(), request) : 'IMPLICIT_DENY';
  }
}

/**
 * One stack: deploy templates in turn, delete it, and read what CloudFormation did.
 */
export class SimulatedStack {
  /** Every event of every operation. */
  public readonly events: StackEvent[] = [];
  public readonly stackId: string;
  private template?: CloudFormationTemplate;
  private resources = new Map<string, LiveResource>();
  private parameters: Record<string, string> = {};
  private parameterDefaults: CloudFormationTemplate['Parameters'] = {};
  private operationEvents: StackEvent[] = [];
  private readonly handlers = new Map<string, LambdaHandler>();

  constructor(
    private readonly aws: SimulatedAws,
    public readonly stackName: string,
  ) {
    this.stackId = `arn:aws:cloudformation:${aws.region}:${aws.accountId}:stack/${stackName}/${randomUUID()}`;
  }

  /** The physical id of a resource, or `undefined` when the stack does not hold it. */
  public physicalId(logicalId: string): string | undefined {
    return this.resources.get(logicalId)?.physicalId;
  }

  /** The logical ids of the resources of a type. */
  public logicalIds(type: string): string[] {
    return [...this.resources.values()].filter((resource) => resource.type === type).map((resource) => resource.logicalId);
  }

  /** Creates the stack, or updates it to the artifact's template. */
  public async deploy(artifact: StackArtifact, options: DeployOptions = {}): Promise<OperationResult> {
    // CloudFormation checks the template before it starts an operation: a refused one changes nothing.
    const refusal = templateRefusal(artifact.template);
    if (refusal) {
      throw new Error(`ValidationError: ${refusal}`);
    }
    this.operationEvents = [];
    this.parameters = { ...options.parameters };
    this.parameterDefaults = artifact.template.Parameters ?? {};
    await this.aws.publishAssets(artifact.assemblyDirectory, this.stackName);
    if (!this.template) {
      return this.finish(await this.create(artifact, options));
    }
    return this.finish(await this.update(artifact, options));
  }

  /** Deletes the stack. */
  public async delete(): Promise<OperationResult> {
    this.operationEvents = [];
    if (!this.template) {
      return this.finish('DELETE_COMPLETE');
    }
    for (const logicalId of topologicalOrder(this.template).reverse()) {
      const live = this.resources.get(logicalId);
      if (!live) {
        continue;
      }
      const policy = this.template.Resources[logicalId].DeletionPolicy;
      if (!(await this.remove('DELETE', live, policy))) {
        return this.finish('DELETE_FAILED');
      }
      this.resources.delete(logicalId);
    }
    this.template = undefined;
    return this.finish('DELETE_COMPLETE');
  }

  private finish(status: StackStatus): OperationResult {
    const events = this.operationEvents;
    return { status, events, failures: events.filter((event) => event.status === 'FAILED') };
  }

  private record(event: StackEvent): void {
    this.events.push(event);
    this.operationEvents.push(event);
  }

  private async create(artifact: StackArtifact, options: DeployOptions): Promise<StackStatus> {
    const template = artifact.template;
    const created: LiveResource[] = [];
    for (const logicalId of topologicalOrder(template)) {
      try {
        const live = await this.createResource('CREATE', logicalId, template, artifact.assemblyDirectory, options);
        this.resources.set(logicalId, live);
        created.push(live);
      } catch (error) {
        const failure = error as ResourceFailure;
        this.record({ phase: 'CREATE', logicalId, action: 'Create', physicalId: failure.physicalId, status: 'FAILED', reason: failure.message });
        if (failure.physicalId !== undefined) {
          created.push(this.failedResource(logicalId, template, failure.physicalId, artifact.assemblyDirectory));
        }
        // Rollback: everything created is deleted, in reverse order; Retain keeps a resource even now.
        let rolledBack = true;
        for (const live of created.reverse()) {
          const policy = template.Resources[live.logicalId].DeletionPolicy;
          rolledBack = (await this.remove('ROLLBACK', live, policy === 'RetainExceptOnCreate' ? 'Delete' : policy)) && rolledBack;
        }
        this.resources.clear();
        return rolledBack ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED';
      }
    }
    this.template = template;
    return 'CREATE_COMPLETE';
  }

  private async update(artifact: StackArtifact, options: DeployOptions): Promise<StackStatus> {
    const oldTemplate = this.template!;
    const newTemplate = artifact.template;
    /** What the update phase did, to clean up after it or to roll it back. */
    const done: Array<{ kind: 'create' | 'update' | 'replace'; logicalId: string; before?: LiveResource }> = [];
    const replaced: LiveResource[] = [];
    for (const logicalId of topologicalOrder(newTemplate)) {
      const before = this.resources.get(logicalId);
      try {
        if (!before) {
          const live = await this.createResource('UPDATE', logicalId, newTemplate, artifact.assemblyDirectory, options);
          this.resources.set(logicalId, live);
          done.push({ kind: 'create', logicalId });
          continue;
        }
        const definition = newTemplate.Resources[logicalId];
        const properties = this.resolve(definition.Properties ?? {}) as Record<string, unknown>;
        if (definition.Type === before.type && JSON.stringify(properties) === JSON.stringify(before.properties)) {
          continue;
        }
        if (options.failingResources?.includes(logicalId)) {
          done.push({ kind: 'update', logicalId, before });
          throw new ResourceFailure(`${logicalId}: simulated failure of an update`);
        }
        if (definition.Type !== before.type || !isCustomResource(definition.Type)) {
          const live =
            definition.Type !== before.type
              ? await this.createResource('UPDATE', logicalId, newTemplate, artifact.assemblyDirectory, options)
              : { ...before, properties, metadata: definition.Metadata, assemblyDirectory: artifact.assemblyDirectory };
          this.refuseOverQuota(live);
          this.record({ phase: 'UPDATE', logicalId, action: 'Update', physicalId: live.physicalId, status: 'SUCCESS' });
          this.resources.set(logicalId, live);
          done.push({ kind: definition.Type !== before.type ? 'replace' : 'update', logicalId, before });
          continue;
        }
        done.push({ kind: 'update', logicalId, before });
        const answer = await this.invokeCustom('UPDATE', 'Update', logicalId, definition.Type, properties, before.physicalId, before.properties);
        const live: LiveResource = {
          ...before,
          properties,
          physicalId: answer.physicalId,
          attributes: answer.attributes,
          assemblyDirectory: artifact.assemblyDirectory,
        };
        this.resources.set(logicalId, live);
        if (answer.physicalId !== before.physicalId) {
          done[done.length - 1] = { kind: 'replace', logicalId, before };
          replaced.push(before);
        }
      } catch (error) {
        const failure = error as ResourceFailure;
        if (!before && !done.some((entry) => entry.logicalId === logicalId)) {
          // A failed create: its physical id, if it answered one, is deleted in the rollback cleanup.
          if (failure.physicalId !== undefined) {
            this.resources.set(logicalId, this.failedResource(logicalId, newTemplate, failure.physicalId, artifact.assemblyDirectory));
            done.push({ kind: 'create', logicalId });
          }
          this.record({ phase: 'UPDATE', logicalId, action: 'Create', physicalId: failure.physicalId, status: 'FAILED', reason: failure.message });
        } else {
          this.record({ phase: 'UPDATE', logicalId, action: 'Update', physicalId: before?.physicalId, status: 'FAILED', reason: failure.message });
        }
        return this.rollBackUpdate(oldTemplate, newTemplate, done);
      }
    }

    // Cleanup phase: after every update, removed resources and replaced physical resources, in reverse dependency
    // order of the old template.
    const removed = Object.keys(oldTemplate.Resources).filter((logicalId) => !(logicalId in newTemplate.Resources));
    for (const logicalId of topologicalOrder(oldTemplate).reverse()) {
      const old = replaced.find((live) => live.logicalId === logicalId);
      if (old) {
        await this.remove('CLEANUP', old, oldTemplate.Resources[logicalId].UpdateReplacePolicy);
      }
      if (removed.includes(logicalId)) {
        const live = this.resources.get(logicalId)!;
        await this.remove('CLEANUP', live, oldTemplate.Resources[logicalId].DeletionPolicy);
        this.resources.delete(logicalId);
      }
    }
    this.template = newTemplate;
    return 'UPDATE_COMPLETE';
  }

  private async rollBackUpdate(
    oldTemplate: CloudFormationTemplate,
    newTemplate: CloudFormationTemplate,
    done: Array<{ kind: 'create' | 'update' | 'replace'; logicalId: string; before?: LiveResource }>,
  ): Promise<StackStatus> {
    let rolledBack = true;
    const toDelete: Array<{ live: LiveResource; policy?: string }> = [];
    for (const entry of [...done].reverse()) {
      const current = this.resources.get(entry.logicalId)!;
      if (entry.kind === 'create') {
        const policy = newTemplate.Resources[entry.logicalId].DeletionPolicy;
        toDelete.push({ live: current, policy: policy === 'RetainExceptOnCreate' ? 'Delete' : policy });
        continue;
      }
      const before = entry.before!;
      if (entry.kind === 'replace') {
        // The old physical resource still exists: it is the resource again; the new one is deleted afterwards.
        this.resources.set(entry.logicalId, before);
        toDelete.push({ live: current, policy: 'Delete' });
        continue;
      }
      if (isCustomResource(before.type)) {
        try {
          const answer = await this.invokeCustom(
            'ROLLBACK',
            'Update',
            entry.logicalId,
            before.type,
            before.properties,
            current.physicalId,
            current.properties,
          );
          this.resources.set(entry.logicalId, { ...before, physicalId: answer.physicalId, attributes: answer.attributes });
        } catch (error) {
          rolledBack = false;
          this.record({
            phase: 'ROLLBACK',
            logicalId: entry.logicalId,
            action: 'Update',
            physicalId: current.physicalId,
            status: 'FAILED',
            reason: (error as Error).message,
          });
        }
      } else {
        this.resources.set(entry.logicalId, before);
        this.record({ phase: 'ROLLBACK', logicalId: entry.logicalId, action: 'Update', physicalId: before.physicalId, status: 'SUCCESS' });
      }
    }
    // Rollback cleanup: what the failed update created, in reverse dependency order of the new template.
    const order = topologicalOrder(newTemplate).reverse();
    toDelete.sort((a, b) => order.indexOf(a.live.logicalId) - order.indexOf(b.live.logicalId));
    for (const { live, policy } of toDelete) {
      rolledBack = (await this.remove('ROLLBACK_CLEANUP', live, policy)) && rolledBack;
      if (!(live.logicalId in oldTemplate.Resources)) {
        this.resources.delete(live.logicalId);
      }
    }
    this.template = oldTemplate;
    return rolledBack ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED';
  }

  /** Deletes one physical resource unless its policy keeps it; `false` when the delete failed. */
  private async remove(phase: StackEvent['phase'], live: LiveResource, policy: string | undefined): Promise<boolean> {
    if (policy === 'Retain' || policy === 'RetainExceptOnCreate') {
      this.record({ phase, logicalId: live.logicalId, action: 'Retain', physicalId: live.physicalId, status: 'SUCCESS' });
      return true;
    }
    if (!isCustomResource(live.type)) {
      if (live.type === 'AWS::SQS::Queue') {
        await this.aws.sqs.send(new DeleteQueueCommand({ QueueUrl: live.physicalId }));
      } else if (live.type === 'AWS::DynamoDB::Table') {
        await this.aws.dynamodb.send(new DeleteTableCommand({ TableName: live.physicalId }));
      }
      this.record({ phase, logicalId: live.logicalId, action: 'Delete', physicalId: live.physicalId, status: 'SUCCESS' });
      return true;
    }
    try {
      await this.invokeCustom(phase, 'Delete', live.logicalId, live.type, live.properties, live.physicalId);
      return true;
    } catch (error) {
      this.record({
        phase,
        logicalId: live.logicalId,
        action: 'Delete',
        physicalId: live.physicalId,
        status: 'FAILED',
        reason: (error as Error).message,
      });
      return false;
    }
  }

  private async createResource(
    phase: StackEvent['phase'],
    logicalId: string,
    template: CloudFormationTemplate,
    assemblyDirectory: string,
    options: DeployOptions,
  ): Promise<LiveResource> {
    const definition = template.Resources[logicalId];
    if (options.failingResources?.includes(logicalId)) {
      throw new ResourceFailure(`${logicalId}: simulated failure of a create`);
    }
    const properties = this.resolve(definition.Properties ?? {}) as Record<string, unknown>;
    if (isCustomResource(definition.Type)) {
      const answer = await this.invokeCustom(phase, 'Create', logicalId, definition.Type, properties);
      const { physicalId, attributes } = answer;
      return { logicalId, type: definition.Type, physicalId, properties, attributes, metadata: definition.Metadata, assemblyDirectory };
    }
    // CloudFormation's generated names: the stack name and logical id, shortened to fit the service's limits (SQS: 80).
    const provisioned = await this.provision(
      definition.Type,
      `${this.stackName.slice(0, 30)}-${logicalId.slice(0, 30)}-${randomUUID().slice(0, 8)}`,
      properties,
    );
    if (provisioned) {
      this.record({ phase, logicalId, action: 'Create', physicalId: provisioned.physicalId, status: 'SUCCESS' });
      return { logicalId, type: definition.Type, ...provisioned, properties, metadata: definition.Metadata, assemblyDirectory };
    }
    const physicalId =
      definition.Type === 'AWS::IAM::Policy' ? `${this.stackName}-${logicalId}` : `${this.stackName}-${logicalId}-${randomUUID().slice(0, 8)}`;
    const service = definition.Type.split('::')[1].toLowerCase();
    const arn =
      definition.Type === 'AWS::Lambda::Function'
        ? `arn:aws:lambda:${this.aws.region}:${this.aws.accountId}:function:${physicalId}`
        : definition.Type === 'AWS::IAM::Role'
          ? `arn:aws:iam::${this.aws.accountId}:role/${physicalId}`
          : `arn:aws:${service}:${this.aws.region}:${this.aws.accountId}:${definition.Type.split('::')[2].toLowerCase()}/${physicalId}`;
    const live: LiveResource = {
      logicalId,
      type: definition.Type,
      physicalId,
      properties,
      attributes: { Arn: arn },
      metadata: definition.Metadata,
      assemblyDirectory,
    };
    this.refuseOverQuota(live);
    this.record({ phase, logicalId, action: 'Create', physicalId, status: 'SUCCESS' });
    return live;
  }

  /** Creates the resources that exist in moto_server: SQS queues and DynamoDB tables. */
  private async provision(
    type: string,
    name: string,
    properties: Record<string, unknown>,
  ): Promise<{ physicalId: string; attributes: Record<string, string> } | undefined> {
    const account = this.aws.accountId;
    const region = this.aws.region;
    switch (type) {
      case 'AWS::SQS::Queue': {
        const created = await this.aws.sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: { VisibilityTimeout: String(properties.VisibilityTimeout ?? 30) },
          }),
        );
        // A queue's Ref is its URL.
        return {
          physicalId: created.QueueUrl!,
          attributes: { Arn: `arn:aws:sqs:${region}:${account}:${name}`, QueueName: name, QueueUrl: created.QueueUrl! },
        };
      }
      case 'AWS::DynamoDB::Table':
        await this.aws.dynamodb.send(
          new CreateTableCommand({
            TableName: name,
            KeySchema: properties.KeySchema as never,
            AttributeDefinitions: properties.AttributeDefinitions as never,
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
        return { physicalId: name, attributes: { Arn: `arn:aws:dynamodb:${region}:${account}:table/${name}` } };
      default:
        return undefined;
    }
  }

  /**
   * Puts an event on the default event bus, as a service does: every enabled rule of the stack whose pattern matches
   * invokes its Lambda targets asynchronously, with the target's `Input` or the event. A target is invoked only when a
   * `AWS::Lambda::Permission` lets `events.amazonaws.com` invoke it from that rule (as Lambda checks); a function that
   * throws is invoked again, twice (Lambda's asynchronous retries). Then the stack's event sources run until their
   * queues are empty. Returns what each target's last attempt threw (an empty list when every invocation succeeded).
   */
  public async publishEvent(event: Record<string, unknown>): Promise<{ invocations: number; failures: string[] }> {
    const failures: string[] = [];
    let invocations = 0;
    for (const rule of [...this.resources.values()].filter((resource) => resource.type === 'AWS::Events::Rule')) {
      const pattern = rule.properties.EventPattern as Record<string, unknown> | undefined;
      if (rule.properties.State === 'DISABLED' || !pattern || !matchesEventPattern(pattern, event)) {
        continue;
      }
      for (const target of (rule.properties.Targets ?? []) as Array<{ Arn: string; Input?: string }>) {
        const fn = [...this.resources.values()].find(
          (resource) => resource.type === 'AWS::Lambda::Function' && resource.attributes.Arn === target.Arn,
        );
        if (!fn) {
          failures.push(`${rule.logicalId}: target ${target.Arn} is not a function of the stack`);
          continue;
        }
        const permitted = [...this.resources.values()].some(
          (resource) =>
            resource.type === 'AWS::Lambda::Permission' &&
            resource.properties.Principal === 'events.amazonaws.com' &&
            resource.properties.Action === 'lambda:InvokeFunction' &&
            [fn.attributes.Arn, fn.physicalId].includes(String(resource.properties.FunctionName)) &&
            resource.properties.SourceArn === rule.attributes.Arn,
        );
        if (!permitted) {
          failures.push(`${rule.logicalId}: EventBridge may not invoke ${fn.logicalId} (no AWS::Lambda::Permission for the rule)`);
          continue;
        }
        const input = target.Input !== undefined ? (JSON.parse(target.Input) as unknown) : event;
        const policies = () => this.rolePolicies(String(fn.properties.Role));
        let thrown: unknown;
        for (let attempt = 0; attempt < 3; attempt++) {
          invocations += 1;
          ({ thrown } = await this.aws.run(this.loadHandler(fn), input, fn.attributes.Arn, Number(fn.properties.Timeout ?? 3), policies));
          if (!thrown) {
            break;
          }
        }
        if (thrown) {
          failures.push(`${rule.logicalId}: ${(thrown as Error)?.message ?? String(thrown)}`);
        }
      }
    }
    while (await this.pollEventSources()) {
      // Every message delivered, the run's own included.
    }
    return { invocations, failures };
  }

  /**
   * Delivers one batch of each event source mapping's queue to its function, as Lambda's poller does: the failed
   * items (ReportBatchItemFailures) and the whole batch of a function that threw stay for redelivery. Returns
   * whether any message was delivered.
   */
  private async pollEventSources(): Promise<boolean> {
    let delivered = false;
    for (const mapping of [...this.resources.values()].filter((resource) => resource.type === 'AWS::Lambda::EventSourceMapping')) {
      const queue = [...this.resources.values()].find(
        (resource) => resource.type === 'AWS::SQS::Queue' && resource.attributes.Arn === mapping.properties.EventSourceArn,
      );
      const fn = [...this.resources.values()].find(
        (resource) => resource.type === 'AWS::Lambda::Function' && resource.physicalId === mapping.properties.FunctionName,
      );
      if (!queue || !fn) {
        continue;
      }
      const received = await this.aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.physicalId,
          MaxNumberOfMessages: Math.min(10, Number(mapping.properties.BatchSize ?? 10)),
          VisibilityTimeout: Number(queue.properties.VisibilityTimeout ?? 30),
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) {
        continue;
      }
      delivered = true;
      const event = {
        Records: messages.map((message) => ({
          messageId: message.MessageId!,
          receiptHandle: message.ReceiptHandle!,
          body: message.Body!,
          eventSource: 'aws:sqs',
          eventSourceARN: queue.attributes.Arn,
        })),
      };
      const policies = () => this.rolePolicies(String(fn.properties.Role));
      const { result, thrown } = await this.aws.run(this.loadHandler(fn), event, fn.attributes.Arn, Number(fn.properties.Timeout ?? 3), policies);
      if (thrown) {
        continue;
      }
      const itemFailures = (result as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined)?.batchItemFailures ?? [];
      const failed = new Set(itemFailures.map((item) => item.itemIdentifier));
      const done = messages.filter((message) => !failed.has(message.MessageId!));
      if (done.length > 0) {
        await this.aws.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.physicalId,
            Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
          }),
        );
      }
    }
    return delivered;
  }

  private failedResource(logicalId: string, template: CloudFormationTemplate, physicalId: string, assemblyDirectory: string): LiveResource {
    const definition = template.Resources[logicalId];
    const properties = this.resolve(definition.Properties ?? {}) as Record<string, unknown>;
    return { logicalId, type: definition.Type, physicalId, properties, attributes: {}, assemblyDirectory };
  }

  /** Sends one custom resource request through the function's code asset and returns the answer. */
  private async invokeCustom(
    phase: StackEvent['phase'],
    requestType: 'Create' | 'Update' | 'Delete',
    logicalId: string,
    type: string,
    properties: Record<string, unknown>,
    physicalId?: string,
    oldProperties?: Record<string, unknown>,
  ): Promise<{ physicalId: string; attributes: Record<string, string> }> {
    const serviceToken = String(properties.ServiceToken);
    const fn = [...this.resources.values()].find((resource) => resource.type === 'AWS::Lambda::Function' && resource.attributes.Arn === serviceToken);
    if (!fn) {
      throw new ResourceFailure(`${logicalId}: no function ${serviceToken} in the stack`);
    }
    const event = {
      RequestType: requestType,
      ServiceToken: serviceToken,
      StackId: this.stackId,
      RequestId: randomUUID(),
      LogicalResourceId: logicalId,
      ResourceType: type,
      ...(physicalId !== undefined ? { PhysicalResourceId: physicalId } : {}),
      ResourceProperties: stringify(properties),
      ...(oldProperties !== undefined ? { OldResourceProperties: stringify(oldProperties) } : {}),
    };
    const hasEventSources = [...this.resources.values()].some((resource) => resource.type === 'AWS::Lambda::EventSourceMapping');
    const answer = await this.aws.invoke({
      handler: this.loadHandler(fn),
      event,
      functionArn: serviceToken,
      timeoutSeconds: Number(fn.properties.Timeout ?? 3),
      policies: () => this.rolePolicies(String(fn.properties.Role)),
      background: hasEventSources ? () => this.pollEventSources() : undefined,
    });
    const answeredId = (answer.PhysicalResourceId as string | undefined) ?? physicalId;
    if (answer.Status !== 'SUCCESS') {
      throw new ResourceFailure(`${logicalId}: ${String(answer.Reason)}`, requestType === 'Create' ? answeredId : physicalId);
    }
    this.record({ phase, logicalId, action: requestType, physicalId: answeredId, status: 'SUCCESS' });
    return { physicalId: answeredId!, attributes: (answer.Data ?? {}) as Record<string, string> };
  }

  /** The identity-based policies of a role, as the stack holds them now. */
  private rolePolicies(roleArn: string): PolicyDocument[] {
    const role = [...this.resources.values()].find((resource) => resource.type === 'AWS::IAM::Role' && resource.attributes.Arn === roleArn);
    if (!role) {
      return [];
    }
    const inline = ((role.properties.Policies ?? []) as Array<{ PolicyDocument: PolicyDocument }>).map((policy) => policy.PolicyDocument);
    // Inline policies attached by name, managed policies attached by name (`Roles`) or by the role's ARNs.
    const managedArns = (role.properties.ManagedPolicyArns ?? []) as string[];
    const attached = [...this.resources.values()]
      .filter(
        (resource) =>
          (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.type) &&
            ((resource.properties.Roles ?? []) as string[]).includes(role.physicalId)) ||
          (resource.type === 'AWS::IAM::ManagedPolicy' && managedArns.includes(resource.physicalId)),
      )
      .map((resource) => resource.properties.PolicyDocument as PolicyDocument);
    return [...inline, ...attached];
  }

  /** Refuses, as the resource's service does, a resource that would take the stack past an AWS quota (aws-quotas.ts). */
  private refuseOverQuota(live: LiveResource): void {
    const stack = [...[...this.resources.values()].filter((resource) => resource.logicalId !== live.logicalId), live];
    const refusal = resourceRefusal(live, stack);
    if (refusal) {
      throw new ResourceFailure(`${live.logicalId}: ${refusal}`);
    }
  }

  /**
   * The function's handler, loaded from its code asset with its environment variables set (a module reads some at
   * load time, as in a Lambda container). One function's environment at a time: the simulator runs one at a time.
   */
  private loadHandler(fn: LiveResource): LambdaHandler {
    const assetPath = fn.metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') {
      throw new ResourceFailure(`${fn.logicalId}: no aws:asset:path metadata (synthesize with the context aws:cdk:enable-asset-metadata)`);
    }
    const variables = (fn.properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {};
    Object.assign(process.env, variables);
    const [file, exportName] = String(fn.properties.Handler ?? 'index.handler').split('.');
    const modulePath = path.join(fn.assemblyDirectory, assetPath, `${file}.js`);
    const key = `${modulePath} ${JSON.stringify(variables)}`;
    let handler = this.handlers.get(key);
    if (!handler) {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require(modulePath)[exportName] as LambdaHandler;
      });
      this.handlers.set(key, handler!);
    }
    return handler!;
  }

  /** Resolves the intrinsic functions of a template value against the stack as it stands. */
  private resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      return this.intrinsic(entries[0][0], entries[0][1]);
    }
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const result = this.resolve(item);
      if (result !== NO_VALUE) {
        resolved[key] = result;
      }
    }
    return resolved;
  }

  private intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? (argument as string[]) : String(argument).split('.');
        return this.attribute(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [delimiter, items] = argument as [string, unknown[]];
        return (this.resolve(items) as unknown[]).map(String).join(delimiter);
      }
      case 'Fn::Select': {
        const [index, items] = argument as [unknown, unknown];
        return (this.resolve(items) as unknown[])[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [delimiter, source] = argument as [string, unknown];
        return String(this.resolve(source)).split(delimiter);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, unknown>]) : [String(argument), {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_match, reference: string) => {
          if (reference in variables) {
            return String(this.resolve(variables[reference]));
          }
          const [logicalId, attribute] = reference.split('.');
          const isAttribute = attribute !== undefined && !PSEUDO_PARAMETERS.includes(reference);
          return String(isAttribute ? this.attribute(logicalId, attribute) : this.ref(reference));
        });
      }
      default:
        throw new Error(`cloudformation-simulator: ${name} is not supported`);
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.aws.region;
      case 'AWS::AccountId':
        return this.aws.accountId;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return this.stackId;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const resource = this.resources.get(name);
    if (resource) {
      return resource.physicalId;
    }
    if (name in this.parameters) {
      return this.parameters[name];
    }
    // The bootstrap version parameter (an SSM parameter type) and any other parameter's default.
    return name === 'BootstrapVersion' ? '30' : String(this.parameterDefaults?.[name]?.Default ?? '');
  }

  private attribute(logicalId: string, attribute: string): unknown {
    const resource = this.resources.get(logicalId);
    if (!resource || !(attribute in resource.attributes)) {
      throw new ResourceFailure(`Fn::GetAtt ${logicalId}.${attribute}: no such resource or attribute yet`);
    }
    return resource.attributes[attribute];
  }
}

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** CloudFormation passes every scalar of a custom resource's properties as a string. */
function stringify(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(stringify);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringify(item)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** The resources a value refers to: Ref, Fn::GetAtt and Fn::Sub references. */
function references(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => references(item, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string' && !item.startsWith('AWS::')) {
        into.add(item);
      } else if (key === 'Fn::GetAtt') {
        into.add(Array.isArray(item) ? String(item[0]) : String(item).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(item) ? String(item[0]) : String(item);
        for (const match of text.matchAll(/\$\{([^}!]+)\}/g)) {
          if (!match[1].startsWith('AWS::')) {
            into.add(match[1].split('.')[0]);
          }
        }
        if (Array.isArray(item)) {
          references(item[1], into);
        }
      } else {
        references(item, into);
      }
    }
  }
  return into;
}

/** The template's resources in dependency order (ties by logical id, so every run is the same). */
export function topologicalOrder(template: CloudFormationTemplate): string[] {
  const ids = Object.keys(template.Resources).sort();
  const dependencies = new Map(
    ids.map((logicalId) => {
      const definition = template.Resources[logicalId];
      const found = references(definition.Properties ?? {}, new Set());
      for (const dependency of [definition.DependsOn ?? []].flat()) {
        found.add(dependency);
      }
      return [logicalId, [...found].filter((dependency) => dependency in template.Resources)];
    }),
  );
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const ready = ids.find((logicalId) => !placed.has(logicalId) && dependencies.get(logicalId)!.every((dependency) => placed.has(dependency)));
    if (!ready) {
      throw new Error('cloudformation-simulator: circular dependency');
    }
    order.push(ready);
    placed.add(ready);
  }
  return order;
}
