import {
  AccountClient,
  AlternateContactType as SdkAlternateContactType,
  DeleteAlternateContactCommand,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  PutAlternateContactCommand,
  PutContactInformationCommand,
  ContactInformation as SdkContactInformation,
} from '@aws-sdk/client-account';
import { AccountApiCall, explainAccountApiError } from './account-api-error';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from './retry';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { contactInformationFromApiMembers, contactInformationToApiMembers } from '../contacts/api-members';
import { ContactInformation } from '../contacts/contact-information';

/** Where a call goes: the caller's own account (no `AccountId`) or a member account. */
export interface AccountTarget {
  /** The member account id; `undefined` for the caller's own account, which the API must be called without. */
  readonly memberAccountId?: string;
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
    private readonly options: { readonly callerAccountId?: string; readonly retry?: RetryOptions; readonly rateLimiter?: RateLimiter } = {},
  ) {}

  /** The alternate contact of the given type, or `undefined` when none is set. */
  public async getAlternateContact(type: AlternateContactType, target: AccountTarget): Promise<AlternateContact | undefined> {
    try {
      const response = await this.call('GetAlternateContact', target, () =>
        this.client.send(new GetAlternateContactCommand({ AlternateContactType: sdkType(type), AccountId: target.memberAccountId })));
      const contact = response.AlternateContact;
      if (!contact) {
        return undefined;
      }
      return { name: contact.Name ?? '', title: contact.Title ?? '', emailAddress: contact.EmailAddress ?? '', phoneNumber: contact.PhoneNumber ?? '' };
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  public async putAlternateContact(type: AlternateContactType, contact: AlternateContact, target: AccountTarget): Promise<void> {
    await this.call('PutAlternateContact', target, () => this.client.send(new PutAlternateContactCommand({
      AlternateContactType: sdkType(type),
      AccountId: target.memberAccountId,
      Name: contact.name,
      Title: contact.title,
      EmailAddress: contact.emailAddress,
      PhoneNumber: contact.phoneNumber,
    })));
  }

  /** Deletes the alternate contact; returns `false` when there was none (already deleted). */
  public async deleteAlternateContact(type: AlternateContactType, target: AccountTarget): Promise<boolean> {
    try {
      await this.call('DeleteAlternateContact', target, () =>
        this.client.send(new DeleteAlternateContactCommand({ AlternateContactType: sdkType(type), AccountId: target.memberAccountId })));
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  /** The primary contact information, or `undefined` when none is set. */
  public async getContactInformation(target: AccountTarget): Promise<ContactInformation | undefined> {
    try {
      const response = await this.call('GetContactInformation', target, () =>
        this.client.send(new GetContactInformationCommand({ AccountId: target.memberAccountId })));
      return response.ContactInformation ? contactInformationFromApiMembers({ ...response.ContactInformation }) : undefined;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  public async putContactInformation(information: ContactInformation, target: AccountTarget): Promise<void> {
    await this.call('PutContactInformation', target, () => this.client.send(new PutContactInformationCommand({
      AccountId: target.memberAccountId,
      ContactInformation: contactInformationToApiMembers(information) as unknown as SdkContactInformation,
    })));
  }

  private async call<T>(operation: string, target: AccountTarget, send: () => Promise<T>): Promise<T> {
    const call: AccountApiCall = { operation, memberAccountId: target.memberAccountId, callerAccountId: this.options.callerAccountId };
    try {
      return await withRetries(async () => {
        await this.options.rateLimiter?.acquire(operation);
        this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
        return send();
      }, this.options.retry ?? DEFAULT_RETRY_OPTIONS);
    } catch (error) {
      if (isNotFound(error)) {
        throw error;
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
