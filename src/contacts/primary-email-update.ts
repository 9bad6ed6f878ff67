/**
 * The account's primary email address (the root user's) and its update (Account Management API): StartPrimaryEmailUpdate
 * sends a one-time passcode to the new address, AcceptPrimaryEmailUpdate takes it, and GetPrimaryEmailUpdateStatus
 * follows the update to COMPLETED. Only a member account, from the management account or the delegated
 * administrator: the management account's address is changed by its root user, in the console.
 */

/** GetPrimaryEmailUpdateStatus's answer (PrimaryEmailUpdateStatus in the API model). */
export enum PrimaryEmailUpdateStatus {
  /** Started: a passcode was sent to the new address. */
  PENDING = 'PENDING',
  /** The passcode was accepted: AWS is completing the change. */
  ACCEPTED = 'ACCEPTED',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** The IAM actions of the update. */
export const PRIMARY_EMAIL_UPDATE_ACTIONS = [
  'account:StartPrimaryEmailUpdate',
  'account:AcceptPrimaryEmailUpdate',
  'account:GetPrimaryEmailUpdateStatus',
] as const;

/** The primary email's length in the API model (PrimaryEmailAddress: 5 to 64 characters). */
export const PRIMARY_EMAIL_LENGTH = { min: 5, max: 64 } as const;

/** The command that changes a member's primary email address. */
export function updatePrimaryEmailCommand(memberAccountId: string): string {
  return `account-contacts update-primary-email --account-id ${memberAccountId} --email <team alias>`;
}
