import { maskPersonalDataInText } from '../contacts/personal-data';

/**
 * An Account Management API error, explained: what failed, for which account, and what to check.
 * Its message never holds personal data.
 */
export class AccountApiError extends Error {
  /** The API error name, e.g. `AccessDeniedException`. */
  public readonly errorName: string;

  constructor(message: string, errorName: string) {
    super(message);
    this.name = 'AccountApiError';
    this.errorName = errorName;
  }
}

/** An error's API name: the Account Management API's (`AccessDeniedException`), else the error's own, else `Error`. */
export function apiErrorName(error: unknown): string {
  return error instanceof AccountApiError ? error.errorName : ((error as { name?: string })?.name ?? 'Error');
}

/** What was being done when the error came. */
export interface AccountApiCall {
  /** The API operation, e.g. `PutAlternateContact`. */
  readonly operation: string;
  /** The account managed through `AccountId`; `undefined` for the caller's own account. */
  readonly memberAccountId?: string;
  /** The caller's own account id, where known. */
  readonly callerAccountId?: string;
}

export const TRUSTED_ACCESS_HELP =
  "enable trusted access for AWS Account Management in the organization's management account " +
  '(aws organizations enable-aws-service-access --service-principal account.amazonaws.com)';
export const DELEGATED_ADMINISTRATOR_HELP =
  'call from the management account, or from the delegated administrator account for AWS Account Management ' +
  '(aws organizations register-delegated-administrator --service-principal account.amazonaws.com --account-id <id>)';

/**
 * Turns an AWS SDK error into an {@link AccountApiError} whose message says which prerequisite to check.
 */
export function explainAccountApiError(error: unknown, call: AccountApiCall): AccountApiError {
  const sdkError = error as { name?: string; message?: string; fieldList?: Array<{ name?: string }>; $metadata?: { httpStatusCode?: number } };
  const name = sdkError?.name ?? 'Error';
  const apiMessage = maskPersonalDataInText(sdkError?.message ?? String(error));
  const target = call.memberAccountId
    ? `member account ${call.memberAccountId}`
    : `the caller's own account${call.callerAccountId ? ` ${call.callerAccountId}` : ''}`;
  const from = call.callerAccountId ? ` from account ${call.callerAccountId}` : '';
  const verification =
    explainPhoneVerificationError(name, apiMessage, call, target) ?? explainPrimaryEmailUpdateError(name, apiMessage, call, target);
  if (verification) {
    return verification;
  }
  switch (name) {
    case 'AccessDeniedException':
      // IAM names its own reason: then the caller's policy is the cause, not the organization's set-up.
      if (/because no identity-based policy allows|with an explicit deny in an identity-based policy/.test(apiMessage)) {
        const resource = call.memberAccountId
          ? `arn:aws:account::<management account>:account/o-<organization>/${call.memberAccountId}`
          : `arn:aws:account::${call.callerAccountId ?? '<account>'}:account`;
        const cause = /explicit deny/.test(apiMessage)
          ? "an explicit deny in an identity-based policy (a permissions boundary or the role's own policy)"
          : `no statement that allows account:${call.operation} on ${resource}`;
        return new AccountApiError(
          `${call.operation} for ${target}${from} was denied by the caller's IAM policy (AccessDeniedException: ${apiMessage}). ` +
            `The role has ${cause}: allow account:${call.operation} on ${resource} for the contact types it manages. ` +
            "With this library's constructs, each construct's permissions are in its own policy, deleted after its resources.",
          name,
        );
      }
      if (call.memberAccountId) {
        return new AccountApiError(
          `${call.operation} for ${target}${from} was denied (AccessDeniedException: ${apiMessage}). ` +
            `Check, in this order: (1) ${TRUSTED_ACCESS_HELP}; (2) ${DELEGATED_ADMINISTRATOR_HELP}; ` +
            `(3) the account ${call.memberAccountId} is an active member of the same organization; ` +
            `(4) no service control policy denies account:${call.operation} to this role.`,
          name,
        );
      }
      return new AccountApiError(
        `${call.operation} for ${target} was denied (AccessDeniedException: ${apiMessage}). ` +
          `Check that the handler role's policy allows account:${call.operation} on this account's ARN and that no service control policy or permissions boundary denies it.`,
        name,
      );
    case 'ValidationException': {
      const fields = (sdkError.fieldList ?? []).map((field) => field.name).filter(Boolean);
      return new AccountApiError(
        `${call.operation} for ${target} was rejected by the API's validation (ValidationException${fields.length ? ` on ${fields.join(', ')}` : ''}: ${apiMessage})`,
        name,
      );
    }
    case 'TooManyRequestsException':
      return new AccountApiError(
        `${call.operation} for ${target} was still throttled after every retry (TooManyRequestsException: ${apiMessage}). ` +
          'Fewer contacts deployed at once, or a later retry, will succeed; the Account Management API allows about 5 writes per second per organization.',
        name,
      );
    default:
      return new AccountApiError(
        `${call.operation} for ${target} failed (${name}${sdkError?.$metadata?.httpStatusCode ? `, HTTP ${sdkError.$metadata.httpStatusCode}` : ''}: ${apiMessage})`,
        name,
      );
  }
}

/** What the phone verification's own errors mean, and what to do next; `undefined` for the errors every call shares. */
function explainPhoneVerificationError(name: string, apiMessage: string, call: AccountApiCall, target: string): AccountApiError | undefined {
  if (call.operation !== 'SendPhoneNumberVerification' && call.operation !== 'VerifyPhoneNumber') {
    return undefined;
  }
  const again = `run verify-phone again${call.memberAccountId ? ` --account-id ${call.memberAccountId}` : ''} to send a new passcode`;
  const meaning: Record<string, string> = {
    ConflictException: `the primary contact's phone number changed after the passcode was sent, so it verifies nothing: ${again} (it goes to the new number)`,
    ValidationException: `the passcode is wrong or has expired (a passcode is valid for 5 minutes): ${again}`,
    TooManyRequestsException: 'AWS limits how many passcodes an account may be sent: wait (hours, not seconds) before asking again',
    ResourceNotFoundException:
      call.operation === 'VerifyPhoneNumber'
        ? `no passcode is waiting for this account: ${again}`
        : 'the account has no primary contact information: set it first (AccountContactDetails, or aws account put-contact-information)',
  };
  return meaning[name] === undefined
    ? undefined
    : new AccountApiError(`${call.operation} for ${target} failed (${name}: ${apiMessage}): ${meaning[name]}.`, name);
}

/** What the primary email update's own errors mean, and what to do next; `undefined` for the errors every call shares. */
function explainPrimaryEmailUpdateError(name: string, apiMessage: string, call: AccountApiCall, target: string): AccountApiError | undefined {
  if (!['GetPrimaryEmail', 'StartPrimaryEmailUpdate', 'AcceptPrimaryEmailUpdate', 'GetPrimaryEmailUpdateStatus'].includes(call.operation)) {
    return undefined;
  }
  if (name === 'AccessDeniedException' && /standalone context/.test(apiMessage)) {
    return new AccountApiError(
      `${call.operation} for ${target} failed (${name}: ${apiMessage}): this is the organization's management account, whose primary email no API reads or changes: its root user changes it in the console (Account settings).`,
      name,
    );
  }
  if (call.operation === 'GetPrimaryEmail') {
    return undefined;
  }
  const again = `run update-primary-email again${call.memberAccountId ? ` --account-id ${call.memberAccountId}` : ''} to send a new passcode`;
  const meaning: Record<string, string> = {
    ConflictException:
      call.operation === 'StartPrimaryEmailUpdate'
        ? 'the new address cannot be used: it is already the primary email of an AWS account, or an update of this account is under way (accept it, or wait for it to end)'
        : `the update changed since the passcode was sent (a newer start, or another address): ${again}`,
    ValidationException:
      call.operation === 'AcceptPrimaryEmailUpdate'
        ? `the passcode is wrong or has expired, or the address is not the one the passcode was sent to: ${again}`
        : 'the address is not one AWS accepts (5 to 64 characters, an email address)',
    TooManyRequestsException:
      'AWS allows about 3 starts per account in 30 seconds and 1 call a second: wait 30 seconds, then run update-primary-email again',
    ResourceNotFoundException: `no update is waiting for this account: ${again}`,
  };
  return meaning[name] === undefined
    ? undefined
    : new AccountApiError(`${call.operation} for ${target} failed (${name}: ${apiMessage}): ${meaning[name]}.`, name);
}

/**
 * A call that got no answer in time: every attempt timed out or failed, and the deadline (the time the caller needs
 * to answer, e.g. before its Lambda function is stopped) came before a retry could succeed.
 */
export function explainDeadline(
  error: unknown,
  call: AccountApiCall,
  attempts: number,
  elapsedMs: number,
  advice = FUNCTION_UNANSWERED_ADVICE,
): AccountApiError {
  const sdkError = error as { name?: string; message?: string };
  const target = call.memberAccountId
    ? `member account ${call.memberAccountId}`
    : `the caller's own account${call.callerAccountId ? ` ${call.callerAccountId}` : ''}`;
  const from = call.callerAccountId && call.memberAccountId ? ` from account ${call.callerAccountId}` : '';
  const last =
    sdkError?.name === 'AbortError'
      ? 'TimeoutError (cut at the deadline)'
      : `${sdkError?.name ?? 'Error'}: ${maskPersonalDataInText(sdkError?.message ?? String(error))}`;
  // A write may have landed although its answer never came: said so, never "not written".
  const writes = /^(Put|Delete)/.test(call.operation);
  return new AccountApiError(
    `${call.operation} for ${target}${from} got no answer in time: ${attempts} attempt${attempts === 1 ? '' : 's'} in ${Math.round(elapsedMs / 1000)} s, ` +
      `the last one ${last}. ${writes ? 'This write may have landed; nothing after it was written.' : 'Nothing after this call was written.'} ${advice}`,
    'TimeoutError',
  );
}

/** What the functions tell about a call that got no answer in time. */
export const FUNCTION_UNANSWERED_ADVICE =
  'Check that the Account Management API endpoint is reachable from the function (a VPC without a NAT gateway or an endpoint cannot reach it) and try the deployment again.';
