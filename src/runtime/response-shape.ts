import { AccountApiCall, AccountApiError } from './account-api-error';

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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw unexpected(call, `${structure} is ${typeName(value)}, not an object`);
  }
  const record = value as Record<string, unknown>;
  const result: Record<string, string | undefined> = {};
  for (const member of members) {
    const memberValue = record[member];
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
  const account = call.memberAccountId === undefined ? 'the caller\'s own account' : `account ${call.memberAccountId}`;
  return new AccountApiError(
    `${call.operation} for ${account} answered a shape that the Account Management API reference does not allow: ${problem}; ` +
    'nothing was compared or written from it (check the endpoint the client is pointed at)',
    UNEXPECTED_RESPONSE_ERROR_NAME,
  );
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
