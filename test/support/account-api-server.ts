/**
 * A local server that speaks the AWS Account Management API's REST-JSON protocol, for what moto_server lacks:
 * the primary contact information, the API's validation (driven by the official model in
 * test/fixtures/account-api-model.json, not by the library's own rules), the own-account-id rule, trusted access
 * and delegated administration, access denied, throttling (token buckets answering 429) and 5xx faults.
 *
 * It is a test double of AWS, so it deliberately shares no code with the library under test.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { modelOperations, modelShapes } from './account-api-model';

const shapes = modelShapes;
const operationsByPath = new Map(Object.entries(modelOperations).map(([name, operation]) => [operation.http.requestUri, { name, ...operation }]));

/** A token bucket: `ratePerSecond` sustained, `burst` at once. */
export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface AccountApiServerOptions {
  /** The account that signs the requests. @default '111111111111' */
  readonly callerAccountId?: string;
  /** The organization's management account. @default the caller */
  readonly managementAccountId?: string;
  /** Member accounts of the organization (besides the management account). @default none */
  readonly memberAccountIds?: string[];
  /** Whether trusted access for account.amazonaws.com is enabled. @default true */
  readonly trustedAccess?: boolean;
  /** The delegated administrator for Account Management. @default none */
  readonly delegatedAdministratorAccountId?: string;
  /** Rate limits per operation name. @default none */
  readonly rateLimits?: Record<string, RateLimit>;
  /** Share of requests (0..1) answered with HTTP 500, from a seeded generator. @default 0 */
  readonly faultRate?: number;
  /** Seed of the fault generator. @default 1 */
  readonly seed?: number;
  /** The server's clock (ms), for passcode expiry. @default Date.now */
  readonly now?: () => number;
}

export interface RecordedRequest {
  readonly operation: string;
  readonly accountId?: string;
  /** The AlternateContactType of alternate contact operations. */
  readonly alternateContactType?: string;
  readonly status: number;
  /** When it was answered (ms since the epoch). */
  readonly at?: number;
  readonly errorType?: string;
  /** From the SigV4 Authorization header: the access key id and the Region the request was signed for. */
  readonly accessKeyId?: string;
  readonly signingRegion?: string;
}

/** The primary phone's verification (GetContactInformation's VerificationStatus) and the passcode last sent. */
interface PhoneVerification {
  status: 'VERIFIED' | 'UNVERIFIED' | 'PENDING' | 'NOT_SUPPORTED';
  /** The one-time passcode sent by SMS, the number it was sent to, and when (ms). */
  passcode?: { code: string; phoneNumber: string; sentAt: number };
  /** When passcodes were sent (ms), for the send quota. */
  sends: number[];
}

/** A primary email update (StartPrimaryEmailUpdate): the new address, the passcode sent to it, and where it stands. */
interface PrimaryEmailUpdate {
  email: string;
  code: string;
  sentAt: number;
  status: 'PENDING' | 'ACCEPTED' | 'COMPLETED' | 'FAILED';
  acceptedAt?: number;
}

interface AccountState {
  /** The root user's address; an account never seeded has `aws-root+<id>@example.com`, a team alias. */
  primaryEmail?: string;
  emailUpdate?: PrimaryEmailUpdate;
  /** When updates were started (ms), for the per-account quota. */
  emailUpdateStarts: number[];
  alternateContacts: Map<string, Record<string, string>>;
  contactInformation?: Record<string, string>;
  verification?: PhoneVerification;
}

/** Starts of a primary email update one account may get in 30 seconds (API reference: 3 per 30 s per target account). */
export const EMAIL_UPDATE_STARTS_PER_30_SECONDS = 3;
/** How long an email passcode is valid: **the double's own number** (AWS publishes none; the phone's is 5 minutes). */
export const EMAIL_PASSCODE_LIFETIME_MS = 10 * 60_000;

/** How long a passcode is valid (the Account Management guide: 5 minutes). */
export const PASSCODE_LIFETIME_MS = 5 * 60_000;
/** Passcodes one account may be sent in a day before TooManyRequestsException (the double's own quota: AWS publishes none). */
export const PASSCODE_SENDS_PER_DAY = 3;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function typeOf(input: Record<string, unknown>): { alternateContactType?: string } {
  return typeof input.AlternateContactType === 'string' ? { alternateContactType: input.AlternateContactType } : {};
}

export class AccountApiServer {
  /** Starts a server on 127.0.0.1 on a free port. */
  public static async start(options: AccountApiServerOptions = {}): Promise<AccountApiServer> {
    const server = new AccountApiServer(options);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  public readonly requests: RecordedRequest[] = [];
  public callerAccountId: string;
  public managementAccountId: string;
  public memberAccountIds: Set<string>;
  public trustedAccess: boolean;
  public delegatedAdministratorAccountId?: string;
  public deniedAccountIds = new Set<string>();
  public faultRate: number;
  /**
   * How long each answer is held back (ms), after the call took effect: a slow API whose caller may be stopped
   * before it learns that its write landed. @default none
   */
  public latency?: (operation: string) => number;
  /**
   * How long AWS takes to complete a primary email update once its passcode is accepted (ACCEPTED, then COMPLETED):
   * **the double's own number**. @default 1000
   */
  public emailUpdateCompletionMs = 1_000;
  /** Called with each request's operation before it is handled: a test can change the server's behaviour at that moment. @default none */
  public onRequest?: (operation: string) => void;
  /** Calls that take effect and whose answer is lost (the connection is cut), by operation: see `loseNextAnswers`. */
  private readonly lostAnswers = new Map<string, number>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly buckets = new Map<string, { tokens: number; updated: number; limit: RateLimit }>();
  private readonly queuedFaults: Array<{ operation: string; status: number; errorType: string }> = [];
  private randomState: number;
  private readonly server: http.Server;
  private readonly now: () => number;

  private constructor(options: AccountApiServerOptions) {
    this.callerAccountId = options.callerAccountId ?? '111111111111';
    this.managementAccountId = options.managementAccountId ?? this.callerAccountId;
    this.memberAccountIds = new Set(options.memberAccountIds ?? []);
    this.trustedAccess = options.trustedAccess ?? true;
    this.delegatedAdministratorAccountId = options.delegatedAdministratorAccountId;
    this.faultRate = options.faultRate ?? 0;
    this.randomState = Math.max(1, Math.floor(options.seed ?? 1) % 2_147_483_647);
    this.now = options.now ?? Date.now;
    for (const [operation, limit] of Object.entries(options.rateLimits ?? {})) {
      this.setRateLimit(operation, limit);
    }
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.keepAliveTimeout = 1_000;
  }

  /** The endpoint URL to give to an SDK client. */
  public get endpoint(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets every account's contacts and every recorded request. */
  public reset(): void {
    this.accounts.clear();
    this.requests.length = 0;
  }

  /** Limits an operation to `ratePerSecond` with a burst of `burst`; beyond that it answers 429. */
  public setRateLimit(operation: string, limit: RateLimit): void {
    this.buckets.set(operation, { tokens: limit.burst, updated: Date.now(), limit });
  }

  /** The next `count` calls of `operation` take effect, and their answers are lost: the connection is cut instead. */
  public loseNextAnswers(operation: string, count = 1): void {
    this.lostAnswers.set(operation, (this.lostAnswers.get(operation) ?? 0) + count);
  }

  /** Answers the next `count` requests of `operation` with the given error. */
  public failNext(operation: string, count: number, status = 500, errorType = 'InternalServerException'): void {
    for (let i = 0; i < count; i++) {
      this.queuedFaults.push({ operation, status, errorType });
    }
  }

  /** The stored alternate contact (API member names), for assertions. */
  public alternateContact(accountId: string, type: string): Record<string, string> | undefined {
    return this.accounts.get(accountId)?.alternateContacts.get(type);
  }

  /** The stored primary contact (API member names), for assertions. */
  public contactInformation(accountId: string): Record<string, string> | undefined {
    return this.accounts.get(accountId)?.contactInformation;
  }

  /** Seeds an account's alternate contact, as if set by hand in the console. */
  public seedAlternateContact(accountId: string, type: string, contact: Record<string, string>): void {
    refuseUnknownMembers('AlternateContact', contact);
    this.account(accountId).alternateContacts.set(type, { ...contact, AlternateContactType: type });
  }

  /** Sets an account's primary email address (the root user's), as when the account was created. */
  public seedPrimaryEmail(accountId: string, primaryEmail: string): void {
    this.account(accountId).primaryEmail = primaryEmail;
  }

  /** The passcode the last primary email update sent to its new address (the email, read by the test), if any. */
  public sentEmailPasscode(accountId: string): string | undefined {
    return this.accounts.get(accountId)?.emailUpdate?.code;
  }

  /** An account's primary email address as AWS holds it now. */
  public primaryEmail(accountId: string): string {
    const state = this.account(accountId);
    this.settleEmailUpdate(state);
    return this.primaryEmailOf(accountId);
  }

  /** Removes an account's alternate contact, as if deleted by hand. */
  public removeAlternateContact(accountId: string, type: string): void {
    this.account(accountId).alternateContacts.delete(type);
  }

  /** Seeds an account's primary contact, its phone verified (as set and verified in the console) unless told otherwise. */
  public seedContactInformation(
    accountId: string,
    information: Record<string, string>,
    verification: PhoneVerification['status'] = 'VERIFIED',
  ): void {
    refuseUnknownMembers('ContactInformation', information);
    const state = this.account(accountId);
    state.contactInformation = { ...information };
    state.verification = { status: verification, sends: [] };
  }

  /** The primary phone's verification status, for assertions. */
  public verificationStatus(accountId: string): string | undefined {
    return this.accounts.get(accountId)?.verification?.status;
  }

  /** The passcode last sent by SMS to an account's primary phone: what its owner reads on the phone. */
  public sentPasscode(accountId: string): string | undefined {
    return this.accounts.get(accountId)?.verification?.passcode?.code;
  }

  /** How many requests of an operation were answered, optionally only with a status. */
  public count(operation: string, status?: number): number {
    return this.requests.filter((request) => request.operation === operation && (status === undefined || request.status === status)).length;
  }

  private account(accountId: string): AccountState {
    let state = this.accounts.get(accountId);
    if (!state) {
      state = { alternateContacts: new Map(), emailUpdateStarts: [] };
      this.accounts.set(accountId, state);
    }
    return state;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = operationsByPath.get((request.url ?? '').split('?')[0]);
      let input: Record<string, unknown> = {};
      try {
        if (!operation || request.method !== 'POST') {
          throw new ApiError(404, 'UnknownOperationException', `no operation at ${request.method} ${request.url}`);
        }
        if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
          throw new ApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
        }
        const text = Buffer.concat(chunks).toString('utf8');
        input = text ? JSON.parse(text) : {};
        this.onRequest?.(operation.name);
        const output = this.dispatch(operation.name, operation.input, input);
        const lost = this.lostAnswers.get(operation.name) ?? 0;
        const answered = { operation: operation.name, accountId: input.AccountId as string | undefined, ...typeOf(input), status: 200 };
        if (lost > 0) {
          // It took effect; its caller never hears so.
          this.lostAnswers.set(operation.name, lost - 1);
          this.requests.push({ ...answered, at: Date.now(), errorType: 'AnswerLost' });
          request.socket.destroy();
          return;
        }
        this.requests.push({ ...answered, at: Date.now(), ...signatureOf(request) });
        const answer = () => {
          if (!response.destroyed) {
            response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId() });
            response.end(output === undefined ? '' : JSON.stringify(output));
          }
        };
        // The call took effect now; with latency, its caller hears of it later (or never, if it is stopped meanwhile).
        const held = this.latency?.(operation.name) ?? 0;
        if (held > 0) {
          setTimeout(answer, held);
        } else {
          answer();
        }
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(400, 'SerializationException', String(error));
        this.requests.push({
          operation: operation?.name ?? 'Unknown',
          accountId: input.AccountId as string | undefined,
          ...typeOf(input),
          status: apiError.status,
          at: Date.now(),
          errorType: apiError.errorType,
          ...signatureOf(request),
        });
        response.writeHead(apiError.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': apiError.errorType,
          'x-amzn-requestid': requestId(),
        });
        response.end(JSON.stringify({ message: apiError.message, ...apiError.extra }));
      }
    });
  }

  private dispatch(operation: string, inputShape: string, input: Record<string, unknown>): unknown {
    this.injectFaults(operation);
    this.throttle(operation);
    validateInput(inputShape, input);
    const accountId = this.authorize(operation, input.AccountId as string | undefined);
    const state = this.account(accountId);
    switch (operation) {
      case 'PutAlternateContact': {
        const { AccountId: _ignored, ...contact } = input;
        state.alternateContacts.set(String(input.AlternateContactType), contact as Record<string, string>);
        return undefined;
      }
      case 'GetAlternateContact': {
        const contact = state.alternateContacts.get(String(input.AlternateContactType));
        if (!contact) {
          throw new ApiError(404, 'ResourceNotFoundException', 'No contact of the inputted alternate contact type found.');
        }
        return { AlternateContact: contact };
      }
      case 'DeleteAlternateContact':
        if (!state.alternateContacts.delete(String(input.AlternateContactType))) {
          throw new ApiError(404, 'ResourceNotFoundException', 'No contact of the inputted alternate contact type found.');
        }
        return undefined;
      case 'PutContactInformation': {
        const information = { ...(input.ContactInformation as Record<string, string>) };
        // A new phone number is not verified: the status resets; a passcode sent to the old one is then refused
        // with ConflictException.
        if (state.contactInformation?.PhoneNumber !== information.PhoneNumber || !state.verification) {
          const previous = state.verification;
          state.verification = {
            ...previous,
            status: previous?.status === 'NOT_SUPPORTED' ? 'NOT_SUPPORTED' : 'UNVERIFIED',
            sends: previous?.sends ?? [],
          };
        }
        state.contactInformation = information;
        return undefined;
      }
      case 'GetContactInformation':
        if (!state.contactInformation) {
          throw new ApiError(404, 'ResourceNotFoundException', 'No contact information found.');
        }
        return { ContactInformation: state.contactInformation, ...(state.verification ? { VerificationStatus: state.verification.status } : {}) };
      case 'GetPrimaryEmail':
        // AccountId is required (the model): a member, from the management account or the delegated administrator.
        this.settleEmailUpdate(state);
        return { PrimaryEmail: this.primaryEmailOf(accountId) };
      case 'StartPrimaryEmailUpdate':
        return { Status: this.startEmailUpdate(accountId, String(input.PrimaryEmail)) };
      case 'AcceptPrimaryEmailUpdate':
        return { Status: this.acceptEmailUpdate(state, String(input.PrimaryEmail), String(input.Otp)) };
      case 'GetPrimaryEmailUpdateStatus':
        this.settleEmailUpdate(state);
        if (!state.emailUpdate) {
          throw new ApiError(404, 'ResourceNotFoundException', 'No primary email update was found for this account.');
        }
        return { Status: state.emailUpdate.status, UpdatedAt: Math.floor((state.emailUpdate.acceptedAt ?? state.emailUpdate.sentAt) / 1000) };
      case 'SendPhoneNumberVerification':
        return { Status: this.sendPasscode(state) };
      case 'VerifyPhoneNumber':
        return { Status: this.checkPasscode(state, String(input.Otp)) };
      default:
        throw new ApiError(404, 'UnknownOperationException', operation);
    }
  }

  /** The account a request acts on, after the organization's rules; throws AccessDenied as AWS does. */
  private authorize(operation: string, accountId: string | undefined): string {
    const denied = (reason: string) =>
      new ApiError(
        403,
        'AccessDeniedException',
        `User: arn:aws:sts::${this.callerAccountId}:assumed-role/handler/fn is not authorized to perform: account:${operation} (${reason})`,
      );
    if (accountId === undefined) {
      if (this.deniedAccountIds.has(this.callerAccountId)) {
        throw denied('explicit deny');
      }
      return this.callerAccountId;
    }
    if (accountId === this.callerAccountId) {
      // What AWS answers when the management account names itself with AccountId.
      throw new ApiError(
        403,
        'AccessDeniedException',
        'The management account can only be managed using the standalone context from the management account.',
      );
    }
    const isAdministrator = this.callerAccountId === this.managementAccountId || this.callerAccountId === this.delegatedAdministratorAccountId;
    if (!this.trustedAccess || !isAdministrator) {
      throw denied('no identity-based policy allows the action');
    }
    if (!this.memberAccountIds.has(accountId) && accountId !== this.managementAccountId) {
      throw denied('the account is not a member of the organization');
    }
    if (accountId === this.managementAccountId) {
      // A delegated administrator cannot manage the management account: it is managed from itself only.
      throw new ApiError(
        403,
        'AccessDeniedException',
        'The management account can only be managed using the standalone context from the management account.',
      );
    }
    if (this.deniedAccountIds.has(accountId)) {
      throw denied('explicit deny in a service control policy');
    }
    return accountId;
  }

  /** An account's primary email address: seeded, or the alias it was created with. */
  private primaryEmailOf(accountId: string): string {
    return this.account(accountId).primaryEmail ?? `aws-root+${accountId}@example.com`;
  }

  private startEmailUpdate(accountId: string, email: string): string {
    const state = this.account(accountId);
    const now = this.now();
    state.emailUpdateStarts = state.emailUpdateStarts.filter((startedAt) => now - startedAt < 30_000);
    if (state.emailUpdateStarts.length >= EMAIL_UPDATE_STARTS_PER_30_SECONDS) {
      throw new ApiError(429, 'TooManyRequestsException', 'Too many primary email updates were requested for this account. Try again later.');
    }
    const taken = [...this.accounts.keys()].some((other) => other !== accountId && this.primaryEmailOf(other).toLowerCase() === email.toLowerCase());
    if (taken) {
      throw new ApiError(409, 'ConflictException', 'The email address is already in use by another AWS account.');
    }
    state.emailUpdateStarts.push(now);
    const code = Array.from({ length: 6 }, () => '0123456789'[Math.floor(this.random() * 10)]).join('');
    state.emailUpdate = { email, code, sentAt: now, status: 'PENDING' };
    return 'PENDING';
  }

  private acceptEmailUpdate(state: AccountState, email: string, code: string): string {
    const update = state.emailUpdate;
    if (!update || update.status !== 'PENDING') {
      throw new ApiError(404, 'ResourceNotFoundException', 'No pending primary email update was found for this account.');
    }
    const refused = (field: string, message: string) =>
      new ApiError(400, 'ValidationException', message, { reason: 'fieldValidationFailed', fieldList: [{ name: field, message }] });
    if (update.email.toLowerCase() !== email.toLowerCase()) {
      throw refused('PrimaryEmail', 'The email address does not match the one the update was started with.');
    }
    if (this.now() - update.sentAt > EMAIL_PASSCODE_LIFETIME_MS) {
      throw refused('Otp', 'The one-time passcode has expired. Start the update again.');
    }
    if (update.code !== code.toUpperCase()) {
      throw refused('Otp', 'The one-time passcode is not correct.');
    }
    update.status = 'ACCEPTED';
    update.acceptedAt = this.now();
    return 'ACCEPTED';
  }

  /** An accepted update is completed once its time has passed: the address changes then. */
  private settleEmailUpdate(state: AccountState): void {
    const update = state.emailUpdate;
    if (update?.status === 'ACCEPTED' && this.now() - update.acceptedAt! >= this.emailUpdateCompletionMs) {
      update.status = 'COMPLETED';
      state.primaryEmail = update.email;
    }
  }

  private sendPasscode(state: AccountState): string {
    if (!state.contactInformation || !state.verification) {
      throw new ApiError(404, 'ResourceNotFoundException', 'No contact information found.');
    }
    const verification = state.verification;
    if (verification.status === 'NOT_SUPPORTED') {
      return verification.status;
    }
    const now = this.now();
    verification.sends = verification.sends.filter((sentAt) => now - sentAt < 24 * 3_600_000);
    if (verification.sends.length >= PASSCODE_SENDS_PER_DAY) {
      throw new ApiError(429, 'TooManyRequestsException', 'Too many one-time passcodes were requested for this account. Try again later.');
    }
    verification.sends.push(now);
    const code = Array.from({ length: 6 }, () => '0123456789'[Math.floor(this.random() * 10)]).join('');
    verification.passcode = { code, phoneNumber: state.contactInformation.PhoneNumber, sentAt: now };
    if (verification.status !== 'VERIFIED') {
      verification.status = 'PENDING';
    }
    return verification.status;
  }

  private checkPasscode(state: AccountState, code: string): string {
    const passcode = state.verification?.passcode;
    if (!state.contactInformation || !state.verification || !passcode) {
      throw new ApiError(404, 'ResourceNotFoundException', 'No one-time passcode was sent for this account. Call SendPhoneNumberVerification first.');
    }
    if (passcode.phoneNumber !== state.contactInformation.PhoneNumber) {
      throw new ApiError(
        409,
        'ConflictException',
        'The phone number in the primary contact information changed after the one-time passcode was sent.',
      );
    }
    if (this.now() - passcode.sentAt > PASSCODE_LIFETIME_MS) {
      throw new ApiError(400, 'ValidationException', 'The one-time passcode has expired. Request a new one.', {
        reason: 'fieldValidationFailed',
        fieldList: [{ name: 'Otp', message: 'expired' }],
      });
    }
    if (passcode.code !== code.toUpperCase()) {
      throw new ApiError(400, 'ValidationException', 'The one-time passcode is not correct.', {
        reason: 'fieldValidationFailed',
        fieldList: [{ name: 'Otp', message: 'incorrect' }],
      });
    }
    state.verification.passcode = undefined;
    state.verification.status = 'VERIFIED';
    return 'VERIFIED';
  }

  private injectFaults(operation: string): void {
    const index = this.queuedFaults.findIndex((fault) => fault.operation === operation);
    if (index >= 0) {
      const [fault] = this.queuedFaults.splice(index, 1);
      throw new ApiError(fault.status, fault.errorType, fault.status === 429 ? 'Rate exceeded' : 'Internal failure, please retry');
    }
    if (this.faultRate > 0 && this.random() < this.faultRate) {
      throw new ApiError(500, 'InternalServerException', 'Internal failure, please retry');
    }
  }

  private throttle(operation: string): void {
    const bucket = this.buckets.get(operation);
    if (!bucket) {
      return;
    }
    const now = Date.now();
    bucket.tokens = Math.min(bucket.limit.burst, bucket.tokens + ((now - bucket.updated) / 1000) * bucket.limit.ratePerSecond);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      throw new ApiError(429, 'TooManyRequestsException', 'Rate exceeded');
    }
    bucket.tokens -= 1;
  }

  private random(): number {
    // Park-Miller: deterministic, so a fault-injection test sees the same faults every run.
    this.randomState = (this.randomState * 48_271) % 2_147_483_647;
    return (this.randomState - 1) / 2_147_483_646;
  }
}

/**
 * Seeding is what the console stored, so it holds the API's member names only: a test that seeds `fullName` for
 * `FullName` would read back a contact AWS never returns, and pass only because this server kept it.
 */
function refuseUnknownMembers(shapeName: string, contact: Record<string, string>): void {
  const members = Object.keys(shapes[shapeName].members ?? {});
  const unknown = Object.keys(contact).filter((key) => !members.includes(key));
  if (unknown.length > 0) {
    throw new Error(`seeded ${shapeName} has ${unknown.join(', ')}, not members of the API's ${shapeName} (${members.join(', ')})`);
  }
}

/** Validates a request against the model: required members, lengths, patterns and enums. */
function validateInput(shapeName: string, input: Record<string, unknown>): void {
  const fieldList: Array<{ name: string; message: string }> = [];
  const visit = (name: string, value: unknown, path: string) => {
    const shape = shapes[name];
    if (shape.type === 'structure') {
      const record = (value ?? {}) as Record<string, unknown>;
      for (const required of shape.required ?? []) {
        if (record[required] === undefined) {
          fieldList.push({ name: path ? `${path}.${required}` : required, message: 'Member must not be null' });
        }
      }
      for (const [member, reference] of Object.entries(shape.members ?? {})) {
        if (record[member] !== undefined) {
          visit(reference.shape, record[member], path ? `${path}.${member}` : member);
        }
      }
      return;
    }
    if (shape.type === 'string') {
      const text = String(value);
      const length = [...text].length;
      if (shape.min !== undefined && length < shape.min) {
        fieldList.push({ name: path, message: `Member must have length greater than or equal to ${shape.min}` });
      }
      if (shape.max !== undefined && length > shape.max) {
        fieldList.push({ name: path, message: `Member must have length less than or equal to ${shape.max}` });
      }
      if (shape.pattern && !new RegExp(`^(?:${shape.pattern})$`).test(text)) {
        fieldList.push({ name: path, message: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      if (shape.enum && !shape.enum.includes(text)) {
        fieldList.push({ name: path, message: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      }
    }
  };
  visit(shapeName, input, '');
  if (fieldList.length > 0) {
    throw new ApiError(400, 'ValidationException', `${fieldList.length} validation error(s) detected`, {
      reason: 'fieldValidationFailed',
      fieldList,
    });
  }
}

function requestId(): string {
  return Math.random().toString(16).slice(2).padEnd(16, '0');
}

/** `Credential=<access key id>/<date>/<region>/<service>/aws4_request` of a SigV4 Authorization header. */
function signatureOf(request: http.IncomingMessage): { accessKeyId?: string; signingRegion?: string } {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization ?? ''));
  return match ? { accessKeyId: match[1], signingRegion: match[2] } : {};
}
