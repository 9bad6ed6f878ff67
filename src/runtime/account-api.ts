import {
  AccountClient,
  AlternateContactType as SdkAlternateContactType,
  DeleteAlternateContactCommand,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  GetPrimaryEmailCommand,
  GetPrimaryEmailUpdateStatusCommand,
  AcceptPrimaryEmailUpdateCommand,
  StartPrimaryEmailUpdateCommand,
  PutAlternateContactCommand,
  PutContactInformationCommand,
  ContactInformation as SdkContactInformation,
  SendPhoneNumberVerificationCommand,
  VerifyPhoneNumberCommand,
} from '@aws-sdk/client-account';
import { AccountApiCall, explainAccountApiError, explainDeadline } from './account-api-error';
import { RateLimiter } from './rate-limiter';
import { requireStringMembers } from './response-shape';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, isRetryableError, withRetries } from './retry';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { contactInformationFromApiMembers, contactInformationToApiMembers } from '../contacts/api-members';
import { ContactInformation } from '../contacts/contact-information';
import { PhoneVerificationStatus } from '../contacts/phone-verification';
import { PrimaryEmailUpdateStatus } from '../contacts/primary-email-update';
import { ALTERNATE_CONTACT_RULES, CONTACT_INFORMATION_RULES } from '../contacts/validation';

const ALTERNATE_CONTACT_MEMBERS = ALTERNATE_CONTACT_RULES.map((rule) => rule.apiMember);
const CONTACT_INFORMATION_MEMBERS = CONTACT_INFORMATION_RULES.map((rule) => rule.apiMember);

/** The primary contact information as read, and its phone's verification status when the API gives one. */
export interface ContactInformationRead {
  readonly information?: ContactInformation;
  /** GetContactInformation's VerificationStatus (PhoneVerificationStatus values); absent from older endpoints. */
  readonly verificationStatus?: string;
}

/** The phone verification's calls are made once at a time: a second try is decided by what the first did (verificationCall). */
const ONE_ATTEMPT: RetryOptions = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
/** The pause before the one second try after a passing fault; a refusal (quota, wrong passcode) is the answer. */
const PHONE_VERIFICATION_RETRY_DELAY_MS = 500;

/** Sends one request, with the abort signal of the call's deadline. */
type SendWithOptions<T> = (options: { abortSignal?: AbortSignal }) => Promise<T>;

/** Where a call goes: the caller's own account (no `AccountId`) or a member account. */
export interface AccountTarget {
  /** The member account id; `undefined` for the caller's own account, which the API must be called without. */
  readonly memberAccountId?: string;
}

/**
 * Socket timeouts for every Account API client (AWS SDK v3 `requestHandler` options): an endpoint that accepts the
 * connection and never answers fails an attempt in seconds, and the attempt is retried, instead of hanging.
 * `throwOnRequestTimeout`: recent versions of the SDK's HTTP handler only warn when `requestTimeout` passes unless
 * told to fail the attempt (older ones, which may be in the Lambda runtime, always fail it and ignore the flag).
 */
export const ACCOUNT_CLIENT_REQUEST_HANDLER = { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true } as const;

export interface AccountContactsApiOptions {
  /** The caller's own account id, for error messages. */
  readonly callerAccountId?: string;
  /** How to retry. @default DEFAULT_RETRY_OPTIONS */
  readonly retry?: RetryOptions;
  /** Client-side rate limits. @default none */
  readonly rateLimiter?: RateLimiter;
  /**
   * When every call must have ended (epoch milliseconds): attempts are cut and retries stop so that the caller can
   * still answer, e.g. a Lambda function before its timeout. @default none
   */
  readonly deadline?: number;
  /**
   * What a call that got no answer in time tells its reader to check, as fits where it runs.
   * @default the functions' advice: the endpoint reachable from the function (a VPC without a NAT gateway or an endpoint)
   */
  readonly unansweredAdvice?: string;
}

/** Counts of the calls made, by operation: tests and benchmarks read them. */
export type CallCounts = Record<string, number>;

/**
 * The five Account Management API operations this library uses, with retries and explained errors.
 * The SDK's own retries are turned off by the caller (`maxAttempts: 1`) so that every attempt is counted here.
 */
export class AccountContactsApi {
  public readonly callCounts: CallCounts = {};

  constructor(
    private readonly client: AccountClient,
    private readonly options: AccountContactsApiOptions = {},
  ) {}

  /** The alternate contact of the given type, or `undefined` when none is set. */
  public async getAlternateContact(type: AlternateContactType, target: AccountTarget): Promise<AlternateContact | undefined> {
    try {
      const response = await this.call('GetAlternateContact', target, (options) =>
        this.client.send(new GetAlternateContactCommand({ AlternateContactType: sdkType(type), AccountId: target.memberAccountId }), options),
      );
      if (response.AlternateContact === undefined || response.AlternateContact === null) {
        return undefined;
      }
      const contact = requireStringMembers(
        this.describeCall('GetAlternateContact', target),
        'AlternateContact',
        response.AlternateContact,
        ALTERNATE_CONTACT_MEMBERS,
      );
      return {
        name: contact.Name ?? '',
        title: contact.Title ?? '',
        emailAddress: contact.EmailAddress ?? '',
        phoneNumber: contact.PhoneNumber ?? '',
      };
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  public async putAlternateContact(type: AlternateContactType, contact: AlternateContact, target: AccountTarget): Promise<void> {
    await this.call('PutAlternateContact', target, (options) =>
      this.client.send(
        new PutAlternateContactCommand({
          AlternateContactType: sdkType(type),
          AccountId: target.memberAccountId,
          Name: contact.name,
          Title: contact.title,
          EmailAddress: contact.emailAddress,
          PhoneNumber: contact.phoneNumber,
        }),
        options,
      ),
    );
  }

  /** Deletes the alternate contact; returns `false` when there was none (already deleted). */
  public async deleteAlternateContact(type: AlternateContactType, target: AccountTarget): Promise<boolean> {
    try {
      await this.call('DeleteAlternateContact', target, (options) =>
        this.client.send(new DeleteAlternateContactCommand({ AlternateContactType: sdkType(type), AccountId: target.memberAccountId }), options),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  /**
   * A member account's primary email address, the root user's (GetPrimaryEmail: for a member account only, from the
   * management account or the delegated administrator; the management account is read through Organizations).
   */
  public async getPrimaryEmail(memberAccountId: string): Promise<string | undefined> {
    const target = { memberAccountId };
    const response = await this.call('GetPrimaryEmail', target, (options) =>
      this.client.send(new GetPrimaryEmailCommand({ AccountId: memberAccountId }), options),
    );
    return requireStringMembers(this.describeCall('GetPrimaryEmail', target), 'GetPrimaryEmailResponse', response, ['PrimaryEmail']).PrimaryEmail;
  }

  /** The primary contact information, or `undefined` when none is set. */
  public async getContactInformation(target: AccountTarget): Promise<ContactInformation | undefined> {
    return (await this.readContactInformation(target)).information;
  }

  /** The primary contact information and its phone's verification status (neither when no information is set). */
  public async readContactInformation(target: AccountTarget): Promise<ContactInformationRead> {
    try {
      const response = await this.call('GetContactInformation', target, (options) =>
        this.client.send(new GetContactInformationCommand({ AccountId: target.memberAccountId }), options),
      );
      if (response.ContactInformation === undefined || response.ContactInformation === null) {
        return {};
      }
      const call = this.describeCall('GetContactInformation', target);
      const { VerificationStatus: verificationStatus } = requireStringMembers(call, 'GetContactInformationResponse', response, [
        'VerificationStatus',
      ]);
      const information = contactInformationFromApiMembers(
        requireStringMembers(call, 'ContactInformation', response.ContactInformation, CONTACT_INFORMATION_MEMBERS),
      );
      return { information, ...(verificationStatus ? { verificationStatus } : {}) };
    } catch (error) {
      if (isNotFound(error)) {
        return {};
      }
      throw error;
    }
  }

  /**
   * Sends a one-time passcode by SMS to the primary contact's phone; returns the verification status after it. A send
   * whose answer was lost is not repeated when the status shows it took effect (PENDING where it was not before): a
   * second SMS would make the first passcode useless. `known.statusBefore`: the status the caller just read.
   */
  public async sendPhoneNumberVerification(target: AccountTarget, known?: { readonly statusBefore?: string }): Promise<string | undefined> {
    const before = known ? known.statusBefore : (await this.readContactInformation(target)).verificationStatus;
    const response = await this.verificationCall(
      'SendPhoneNumberVerification',
      target,
      (options) => this.client.send(new SendPhoneNumberVerificationCommand({ AccountId: target.memberAccountId }), options),
      (status) => status === PhoneVerificationStatus.PENDING && before !== PhoneVerificationStatus.PENDING,
    );
    const call = this.describeCall('SendPhoneNumberVerification', target);
    return requireStringMembers(call, 'SendPhoneNumberVerificationResponse', response, ['Status']).Status;
  }

  /**
   * Submits the passcode; returns the verification status after it (VERIFIED). A submission whose answer was lost is
   * not repeated when the phone is VERIFIED since: the passcode was accepted, and a second submission of it is refused.
   */
  public async verifyPhoneNumber(passcode: string, target: AccountTarget): Promise<string | undefined> {
    const response = await this.verificationCall(
      'VerifyPhoneNumber',
      target,
      (options) => this.client.send(new VerifyPhoneNumberCommand({ AccountId: target.memberAccountId, Otp: passcode }), options),
      (status) => status === PhoneVerificationStatus.VERIFIED,
    );
    return requireStringMembers(this.describeCall('VerifyPhoneNumber', target), 'VerifyPhoneNumberResponse', response, ['Status']).Status;
  }

  /** Where a member's primary email update stands (GetPrimaryEmailUpdateStatus); `undefined` when none was started. */
  public async getPrimaryEmailUpdateStatus(memberAccountId: string): Promise<string | undefined> {
    const target = { memberAccountId };
    try {
      const response = await this.call('GetPrimaryEmailUpdateStatus', target, (options) =>
        this.client.send(new GetPrimaryEmailUpdateStatusCommand({ AccountId: memberAccountId }), options),
      );
      return requireStringMembers(this.describeCall('GetPrimaryEmailUpdateStatus', target), 'GetPrimaryEmailUpdateStatusResponse', response, [
        'Status',
      ]).Status;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Starts a member's primary email update: AWS sends a passcode to the new address. A start whose answer was lost is
   * not repeated when the status shows it took effect (PENDING where it was not before): a second passcode would make
   * the first useless, and each start counts against the account's quota.
   */
  public async startPrimaryEmailUpdate(memberAccountId: string, primaryEmail: string): Promise<string | undefined> {
    const target = { memberAccountId };
    const before = await this.getPrimaryEmailUpdateStatus(memberAccountId);
    const response = await this.verificationCall(
      'StartPrimaryEmailUpdate',
      target,
      (options) => this.client.send(new StartPrimaryEmailUpdateCommand({ AccountId: memberAccountId, PrimaryEmail: primaryEmail }), options),
      (status) => status === PrimaryEmailUpdateStatus.PENDING && before !== PrimaryEmailUpdateStatus.PENDING,
      () => this.getPrimaryEmailUpdateStatus(memberAccountId),
    );
    return requireStringMembers(this.describeCall('StartPrimaryEmailUpdate', target), 'StartPrimaryEmailUpdateResponse', response, ['Status']).Status;
  }

  /** Accepts a member's primary email update with the passcode sent to the new address; not repeated once accepted. */
  public async acceptPrimaryEmailUpdate(memberAccountId: string, primaryEmail: string, passcode: string): Promise<string | undefined> {
    const target = { memberAccountId };
    const response = await this.verificationCall(
      'AcceptPrimaryEmailUpdate',
      target,
      (options) =>
        this.client.send(new AcceptPrimaryEmailUpdateCommand({ AccountId: memberAccountId, PrimaryEmail: primaryEmail, Otp: passcode }), options),
      (status) => status === PrimaryEmailUpdateStatus.ACCEPTED || status === PrimaryEmailUpdateStatus.COMPLETED,
      () => this.getPrimaryEmailUpdateStatus(memberAccountId),
    );
    return requireStringMembers(this.describeCall('AcceptPrimaryEmailUpdate', target), 'AcceptPrimaryEmailUpdateResponse', response, ['Status'])
      .Status;
  }

  public async putContactInformation(information: ContactInformation, target: AccountTarget): Promise<void> {
    await this.call('PutContactInformation', target, (options) =>
      this.client.send(
        new PutContactInformationCommand({
          AccountId: target.memberAccountId,
          ContactInformation: contactInformationToApiMembers(information) as unknown as SdkContactInformation,
        }),
        options,
      ),
    );
  }

  /**
   * A call that sends or takes a passcode (the phone's verification, the primary email's update): its
   * ResourceNotFoundException is an error to explain (nothing to read). It is tried again once after a passing fault,
   * but only when the status (`readStatus`, by default the phone's verification status) shows that the first try did
   * not take effect: a fault may have lost the answer of a call that did (`tookEffect` tells by the status).
   */
  private async verificationCall<T>(
    operation: string,
    target: AccountTarget,
    send: SendWithOptions<T>,
    tookEffect: (status: string | undefined) => boolean,
    readStatus: () => Promise<string | undefined> = async () => (await this.readContactInformation(target)).verificationStatus,
  ): Promise<T> {
    // The SDK's own error of the first try: the explained one no longer tells a passing fault.
    let raw: unknown;
    const recorded: SendWithOptions<T> = (options) =>
      send(options).catch((error: unknown) => {
        raw = error;
        throw error;
      });
    try {
      try {
        return await this.call(operation, target, recorded, ONE_ATTEMPT);
      } catch (error) {
        if (!isRetryableError(raw) && !isAbort(raw)) {
          throw error;
        }
        const status = await readStatus();
        if (tookEffect(status)) {
          return { Status: status } as T;
        }
        // One retry only: a passcode quota answers TooManyRequestsException for hours, not seconds.
        await new Promise((resolve) => setTimeout(resolve, PHONE_VERIFICATION_RETRY_DELAY_MS));
        return await this.call(operation, target, send, ONE_ATTEMPT);
      }
    } catch (error) {
      throw isNotFound(error) ? explainAccountApiError(error, this.describeCall(operation, target)) : error;
    }
  }

  private describeCall(operation: string, target: AccountTarget): AccountApiCall {
    return { operation, memberAccountId: target.memberAccountId, callerAccountId: this.options.callerAccountId };
  }

  private async call<T>(operation: string, target: AccountTarget, send: SendWithOptions<T>, retryOverride?: RetryOptions): Promise<T> {
    const call = this.describeCall(operation, target);
    const deadline = this.options.deadline;
    const started = Date.now();
    let attempts = 0;
    try {
      return await withRetries(
        async () => {
          await this.options.rateLimiter?.acquire(operation);
          if (deadline !== undefined && Date.now() >= deadline) {
            throw Object.assign(new Error('no time left before the deadline'), { name: 'TimeoutError' });
          }
          attempts++;
          this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
          // An attempt never outlives the deadline: the caller must still have time to answer.
          return send(deadline === undefined ? {} : { abortSignal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
        },
        { ...(retryOverride ?? this.options.retry ?? DEFAULT_RETRY_OPTIONS), deadline },
      );
    } catch (error) {
      if (isNotFound(error)) {
        throw error;
      }
      // Retries stop early on a retryable error only for the deadline; an attempt cut by it ends in AbortError.
      const retry = retryOverride ?? this.options.retry ?? DEFAULT_RETRY_OPTIONS;
      if (deadline !== undefined && (isAbort(error) || (isRetryableError(error) && attempts < retry.maxAttempts))) {
        throw explainDeadline(error, call, attempts, Date.now() - started, this.options.unansweredAdvice);
      }
      throw explainAccountApiError(error, call);
    }
  }
}

function sdkType(type: AlternateContactType): SdkAlternateContactType {
  return type as SdkAlternateContactType;
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ResourceNotFoundException';
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string })?.name === 'AbortError';
}
