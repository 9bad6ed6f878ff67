/**
 * The primary contact's phone verification (Account Management API, 2026-10): GetContactInformation returns it as
 * VerificationStatus; SendPhoneNumberVerification and VerifyPhoneNumber verify the number with a passcode sent by SMS;
 * changing the number makes it UNVERIFIED again.
 */
export enum PhoneVerificationStatus {
  VERIFIED = 'VERIFIED',
  UNVERIFIED = 'UNVERIFIED',
  /** A passcode was sent and not yet submitted: still unverified. */
  PENDING = 'PENDING',
  /** Verification is not available for this account (for example its country). */
  NOT_SUPPORTED = 'NOT_SUPPORTED',
}

/** The IAM actions of the verification, apart from reading the contact information. */
export const PHONE_VERIFICATION_ACTIONS = ['account:SendPhoneNumberVerification', 'account:VerifyPhoneNumber'] as const;

/** The passcode's form in the API model (Otp: [a-zA-Z0-9]{6}); AWS sends six digits. */
export const PASSCODE_PATTERN = /^[a-zA-Z0-9]{6}$/;

/** The command that verifies an account's primary phone: the member account named, the caller's own without. */
export function verifyPhoneCommand(memberAccountId?: string): string {
  return `account-contacts verify-phone${memberAccountId ? ` --account-id ${memberAccountId}` : ''}`;
}

/** Whether a status asks for verification: a number that AWS could reach but has not confirmed. */
export function needsVerification(status: string | undefined): boolean {
  return status === PhoneVerificationStatus.UNVERIFIED || status === PhoneVerificationStatus.PENDING;
}

/** What a declared change does to the verification: a different primary phone number resets it to UNVERIFIED. */
export function resetsVerification(currentPhoneNumber: string | undefined, declaredPhoneNumber: string | undefined): boolean {
  return currentPhoneNumber !== undefined && declaredPhoneNumber !== undefined && currentPhoneNumber.trim() !== declaredPhoneNumber.trim();
}
