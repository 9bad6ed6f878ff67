import { AccountApiCall, AccountApiError } from './account-api-error';
import { isPlainObject, typeName } from '../contacts/value-kind';

/** The error name of an answer whose shape AWS's API reference does not allow. */
export const UNEXPECTED_RESPONSE_ERROR_NAME = 'UnexpectedResponseShape';

/**
 * Checks that the named members of an answer are strings or absent, as the API reference says they are. The AWS SDK
 * v3 passes a number, an object or a list through unchanged; without this check it would reach the masking and
 * comparison code as a raw `TypeError`. The error names the operation, the account and the member's type, never its
 * value (a contact's value is personal data).
 */
export function requireStringMembers(
  call: AccountApiCall,
  structure: string,
  value: unknown,
  members: readonly string[],
): Record<string, string | undefined> {
  if (!isPlainObject(value)) {
    throw unexpected(call, `${structure} is ${typeName(value)}, not an object`);
  }
  const result: Record<string, string | undefined> = {};
  for (const member of members) {
    const memberValue = value[member];
    if (memberValue === undefined || memberValue === null) {
      continue;
    }
    if (typeof memberValue !== 'string') {
      throw unexpected(call, `${structure}.${member} is ${typeName(memberValue)}, not a string`);
    }
    result[member] = memberValue;
  }
  return result;
}

function unexpected(call: AccountApiCall, problem: string): AccountApiError {
  const account = call.memberAccountId === undefined ? "the caller's own account" : `account ${call.memberAccountId}`;
  return new AccountApiError(
    `${call.operation} for ${account} answered a shape that the Account Management API reference does not allow: ${problem}; ` +
      'nothing was compared or written from it (check the endpoint the client is pointed at)',
    UNEXPECTED_RESPONSE_ERROR_NAME,
  );
}
