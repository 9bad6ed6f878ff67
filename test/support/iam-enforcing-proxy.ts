/**
 * An HTTP proxy on 127.0.0.1 that puts IAM in front of the local APIs, as AWS does: every request of the Account
 * Management API (to the local Account API server) and of SSM (to moto_server) is authorized against the policies
 * the caller holds at that moment, and answered 403 AccessDeniedException when they do not allow it.
 *
 * The action and the resource ARN are derived from the request as the service authorization reference describes
 * them: `account:<Operation>` on `arn:aws:account::<caller>:account` (no AccountId) or
 * `arn:aws:account::<management>:account/<organization>/<AccountId>`, with `account:AlternateContactTypes` and, for
 * a member account, `account:AccountResourceOrgPaths` (its path through the organization, read from moto's
 * Organizations at the time of the call: `o-…/r-…/ou-…/`); `ssm:<Operation>` on
 * `arn:aws:ssm:<region>:<caller>:parameter/<name>`.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { DescribeOrganizationCommand, ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { modelOperations } from './account-api-model';
import { localClientConfig } from './clients';
import { forwardRequest } from './http-forward';
import { AuthorizationRequest, Decision } from './iam-policy';

const accountOperationsByPath = new Map(Object.entries(modelOperations).map(([name, operation]) => [operation.http.requestUri, name]));

export interface IamEnforcingProxyOptions {
  /** The Account API server's endpoint. */
  readonly accountEndpoint: string;
  /** moto_server's endpoint (SSM). @default none: SSM requests are refused */
  readonly motoEndpoint?: string;
  /** The account the caller belongs to. */
  readonly callerAccountId: string;
  /** The organization's management account. @default the caller */
  readonly managementAccountId?: string;
  /** The organization id in member account ARNs. @default 'o-exampleorgid' */
  readonly organizationId?: string;
  readonly region?: string;
  /** The decision for one request, made with the policies in force now. */
  readonly authorize: (request: AuthorizationRequest) => Decision;
}

/** A request the proxy denied, for assertions. */
export interface DeniedRequest extends AuthorizationRequest {
  readonly decision: Decision;
}

export class IamEnforcingProxy {
  public static async start(options: IamEnforcingProxyOptions): Promise<IamEnforcingProxy> {
    const proxy = new IamEnforcingProxy(options);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** Every request the proxy denied. */
  public readonly denied: DeniedRequest[] = [];
  private readonly server: http.Server;
  /** moto's Organizations, for members' paths: one client for the proxy's life. */
  private organizations?: OrganizationsClient;
  /** moto's SSM, for the key of a SecureString. */
  private ssm?: SSMClient;

  private constructor(private readonly options: IamEnforcingProxyOptions) {
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.keepAliveTimeout = 1_000;
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.organizations?.destroy();
    this.ssm?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void this.answer(request, Buffer.concat(chunks), response));
  }

  private async answer(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): Promise<void> {
    const target = String(request.headers['x-amz-target'] ?? '');
    let upstream: string;
    let authorizations: AuthorizationRequest[];
    try {
      const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      if (target.startsWith('AmazonSSM.')) {
        if (!this.options.motoEndpoint) {
          throw new Error('no SSM endpoint behind the proxy');
        }
        upstream = this.options.motoEndpoint;
        const operation = target.slice('AmazonSSM.'.length);
        authorizations = [this.ssmRequest(operation, input), ...(await this.decryptRequests(operation, input))];
      } else {
        upstream = this.options.accountEndpoint;
        authorizations = [await this.accountRequest((request.url ?? '').split('?')[0], input)];
      }
    } catch (error) {
      response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' });
      response.end(JSON.stringify({ message: `iam-enforcing-proxy: ${(error as Error).message}` }));
      return;
    }
    for (const authorization of authorizations) {
      if (!this.allowed(authorization, response)) {
        return;
      }
    }
    forwardRequest('iam-enforcing-proxy', upstream, request, body, response);
  }

  /** Authorizes one request; a denial is answered as AWS answers it, and recorded. */
  private allowed(authorization: AuthorizationRequest, response: http.ServerResponse): boolean {
    const decision = this.options.authorize(authorization);
    if (decision !== 'ALLOW') {
      this.denied.push({ ...authorization, decision });
      const reason =
        decision === 'EXPLICIT_DENY' ? 'with an explicit deny in an identity-based policy' : 'because no identity-based policy allows the action';
      response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
      response.end(
        JSON.stringify({
          __type: 'AccessDeniedException',
          message: `User: arn:aws:sts::${this.options.callerAccountId}:assumed-role/handler/function is not authorized to perform: ${authorization.action} on resource: ${authorization.resource} ${reason}`,
        }),
      );
      return false;
    }
    return true;
  }

  /**
   * A SecureString read with decryption under a customer managed key also needs `kms:Decrypt` on the key, through SSM
   * (`kms:ViaService`), as KMS checks it; the AWS managed key `alias/aws/ssm` allows every principal of the account
   * that SSM lets read. moto decrypts without asking: the proxy asks, with the key moto recorded for the parameter.
   */
  private async decryptRequests(operation: string, input: Record<string, unknown>): Promise<AuthorizationRequest[]> {
    if (operation !== 'GetParameter' || input.WithDecryption !== true || !this.options.motoEndpoint) {
      return [];
    }
    const ssm = (this.ssm ??= new SSMClient({ ...localClientConfig(this.options.motoEndpoint), maxAttempts: 1 }));
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [String(input.Name)] }] }));
    const parameter = described.Parameters?.[0];
    if (parameter?.Type !== 'SecureString' || !parameter.KeyId || parameter.KeyId === 'alias/aws/ssm') {
      return [];
    }
    const region = this.options.region ?? 'us-east-1';
    const keyArn = parameter.KeyId.startsWith('arn:')
      ? parameter.KeyId
      : `arn:aws:kms:${region}:${this.options.callerAccountId}:key/${parameter.KeyId}`;
    return [{ action: 'kms:Decrypt', resource: keyArn, context: { 'kms:ViaService': [`ssm.${region}.amazonaws.com`] } }];
  }

  private async accountRequest(path: string, input: Record<string, unknown>): Promise<AuthorizationRequest> {
    const operation = accountOperationsByPath.get(path);
    if (!operation) {
      throw new Error(`unknown Account API path ${path}`);
    }
    const memberAccountId = input.AccountId as string | undefined;
    const resource =
      memberAccountId === undefined
        ? `arn:aws:account::${this.options.callerAccountId}:account`
        : `arn:aws:account::${this.options.managementAccountId ?? this.options.callerAccountId}:account/${this.options.organizationId ?? 'o-exampleorgid'}/${memberAccountId}`;
    const type = input.AlternateContactType as string | undefined;
    const orgPath = memberAccountId === undefined ? undefined : await this.organizationPath(memberAccountId);
    return {
      action: `account:${operation}`,
      resource,
      context: {
        ...(type === undefined ? {} : { 'account:AlternateContactTypes': [type] }),
        ...(orgPath === undefined ? {} : { 'account:AccountResourceOrgPaths': [orgPath] }),
      },
    };
  }

  /** A member account's path through the organization, as IAM sets `account:AccountResourceOrgPaths`. */
  private async organizationPath(accountId: string): Promise<string | undefined> {
    if (!this.options.motoEndpoint) {
      return undefined;
    }
    const organizations = (this.organizations ??= new OrganizationsClient({ ...localClientConfig(this.options.motoEndpoint), maxAttempts: 1 }));
    try {
      const organizationId = (await organizations.send(new DescribeOrganizationCommand({}))).Organization?.Id;
      const parents: string[] = [];
      let child = accountId;
      for (let depth = 0; depth < 7; depth++) {
        const parent = (await organizations.send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
        if (!parent?.Id) {
          break;
        }
        parents.unshift(parent.Id);
        if (parent.Type === 'ROOT') {
          break;
        }
        child = parent.Id;
      }
      return `${organizationId}/${parents.map((id) => `${id}/`).join('')}`;
    } catch {
      // Not a member of moto's organization: IAM sets no path.
      return undefined;
    }
  }

  private ssmRequest(operation: string, input: Record<string, unknown>): AuthorizationRequest {
    const name = String(input.Name ?? input.Path ?? '');
    return {
      action: `ssm:${operation}`,
      resource: `arn:aws:ssm:${this.options.region ?? 'us-east-1'}:${this.options.callerAccountId}:parameter/${name.replace(/^\//, '')}`,
    };
  }
}
