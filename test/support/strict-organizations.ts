/**
 * A strict front for moto_server's Organizations: pages and throttles as AWS does, which moto does not.
 *
 * - ORG-1 (docs/aws-behaviours.md): a listing answers at most 20 items per page (the API's `MaxResults` range is
 *   1–20); a larger `MaxResults` is `InvalidInputException`, and a request without one gets pages of 20 (moto would
 *   answer everything at once, so a caller that ignores `NextToken` would pass against it).
 * - ORG-2: beyond the account's request rate, calls are answered `TooManyRequestsException` (HTTP 400, as the
 *   Organizations API reference documents it), one token bucket for the whole API.
 */
import * as http from 'http';
import { LocalEndpoint, forwardRequest, forwardRewritten } from './http-forward';

/** The retired `Status` that goes with a `State`: it has only ACTIVE, SUSPENDED and PENDING_CLOSURE. */
function retiredStatus(state: string): string {
  return state === 'CLOSED' ? 'SUSPENDED' : state === 'PENDING_ACTIVATION' ? 'ACTIVE' : state;
}

const PAGED = ['ListAccounts', 'ListAccountsForParent', 'ListChildren', 'ListParents', 'ListRoots', 'ListOrganizationalUnitsForParent'];
const MAX_RESULTS = 20;

export interface StrictOrganizationsOptions {
  readonly motoEndpoint: string;
  /** Requests per second, all operations together. @default no limit */
  readonly ratePerSecond?: number;
  /** Requests that may come at once. @default ratePerSecond */
  readonly burst?: number;
  /**
   * States that Organizations reports for these accounts (`State`, and the retired `Status`) in `ListAccounts`,
   * `ListAccountsForParent` and `DescribeAccount`: moto never sets PENDING_ACTIVATION or PENDING_CLOSURE. Changed at
   * will by the test. @default moto's own
   */
  readonly accountStates?: Map<string, string>;
  /**
   * ACTIVE member accounts with ids of the test's choosing (moto draws its own), listed after moto's on the last
   * page of `ListAccounts`: for tests whose declarations name fixed ids. @default none
   */
  readonly extraAccountIds?: readonly string[];
  /**
   * The email address Organizations reports for these accounts (`Email`) in `ListAccounts`, `ListAccountsForParent`
   * and `DescribeAccount`: moto gives its management account `master@example.com`. Changed at will. @default moto's own
   */
  readonly accountEmails?: Map<string, string>;
}

export class StrictOrganizations extends LocalEndpoint {
  public static async start(options: StrictOrganizationsOptions): Promise<StrictOrganizations> {
    return new StrictOrganizations(options).listen();
  }

  /** Calls let through, by operation. */
  public readonly calls: Record<string, number> = {};
  /** Calls answered TooManyRequestsException. */
  public throttled = 0;
  private tokens: number;
  private refilledAt = Date.now();

  private constructor(private readonly options: StrictOrganizationsOptions) {
    super();
    this.tokens = options.burst ?? options.ratePerSecond ?? 0;
  }

  protected handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    if (!this.take()) {
      this.throttled++;
      this.refuse(
        response,
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      );
      return;
    }
    let forwarded = body;
    if (PAGED.includes(operation)) {
      const input = JSON.parse(body.toString('utf8') || '{}') as { MaxResults?: number };
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > MAX_RESULTS)) {
        this.refuse(
          response,
          'InvalidInputException',
          `You provided a value that does not match the required pattern: MaxResults must be between 1 and ${MAX_RESULTS}.`,
        );
        return;
      }
      forwarded = Buffer.from(JSON.stringify({ ...input, MaxResults: input.MaxResults ?? MAX_RESULTS }));
      request.headers['content-length'] = String(forwarded.length);
    }
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const states = this.options.accountStates ?? new Map<string, string>();
    const extra = this.options.extraAccountIds ?? [];
    const emails = this.options.accountEmails ?? new Map<string, string>();
    if (
      (states.size > 0 || extra.length > 0 || emails.size > 0) &&
      ['ListAccounts', 'ListAccountsForParent', 'DescribeAccount'].includes(operation)
    ) {
      forwardRewritten('strict-organizations', this.options.motoEndpoint, request, forwarded, response, (answer) => {
        const withEmail = <T extends { Id: string }>(account: T): T =>
          emails.has(account.Id) ? { ...account, Email: emails.get(account.Id) } : account;
        const withState = (account: { Id: string }) =>
          withEmail(states.has(account.Id) ? { ...account, State: states.get(account.Id), Status: retiredStatus(states.get(account.Id)!) } : account);
        if (answer.Account) {
          return { ...answer, Account: withState(answer.Account) };
        }
        const added =
          operation === 'ListAccounts' && !answer.NextToken
            ? extra.map((id) => ({ Id: id, Name: `account-${id}`, State: 'ACTIVE', Status: 'ACTIVE' }))
            : [];
        return { ...answer, Accounts: [...(answer.Accounts ?? []), ...added].map(withState) };
      });
      return;
    }
    forwardRequest('strict-organizations', this.options.motoEndpoint, request, forwarded, response);
  }

  private take(): boolean {
    const rate = this.options.ratePerSecond;
    if (rate === undefined) {
      return true;
    }
    const now = Date.now();
    this.tokens = Math.min(this.options.burst ?? rate, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  private refuse(response: http.ServerResponse, type: string, message: string): void {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    response.end(JSON.stringify({ __type: type, Message: message }));
  }
}
