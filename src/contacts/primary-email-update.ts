/**
 * The account's primary email address (the root user's) and its update (Account Management API): StartPrimaryEmailUpdate
 * sends a one-time passcode to the new address, AcceptPrimaryEmailUpdate takes it, and GetPrimaryEmailUpdateStatus
 * follows the update to COMPLETED. Only a member account, from the management account or the delegated
 * administrator: the management account's address is changed by its root user, in the console.
 */
import { looksLikePersonalMailbox } from './advice';
import { PersonalDataKind, maskEmailAddress } from './personal-data';
import { FieldRule, ValidationProblem } from './validation';

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

/** The primary email address as the API takes it (StartPrimaryEmailUpdateRequest.PrimaryEmail), masked in messages. */
export const PRIMARY_EMAIL_RULE: FieldRule = {
  field: 'primaryEmail',
  apiShape: 'StartPrimaryEmailUpdateRequest',
  apiMember: 'PrimaryEmail',
  required: true,
  minLength: PRIMARY_EMAIL_LENGTH.min,
  maxLength: PRIMARY_EMAIL_LENGTH.max,
  personalData: PersonalDataKind.EMAIL_ADDRESS,
};

/**
 * One address, an `@` with text on both sides, no white space and no control character (which a terminal would act
 * on): the API model's own check is the length only.
 */
export const PRIMARY_EMAIL_SHAPE = '[^\\s@\\u0000-\\u001f\\u007f]+@[^\\s@\\u0000-\\u001f\\u007f]+';
const EMAIL_SHAPE = new RegExp(`^(?:${PRIMARY_EMAIL_SHAPE})$`, 'u');

/** Where a primary email is checked: its field's name, and how to go on when it looks personal. */
export interface PrimaryEmailValidationOptions {
  /** The field as the user wrote it: `--email`, `accounts[3].primaryEmail`. */
  readonly field: string;
  /** Accept an address that looks like one person's mailbox. @default false */
  readonly allowPersonal?: boolean;
  /** What the user can do with a personal address after all, said after the rule. */
  readonly personalRemedy: string;
}

/**
 * The one rule of a primary email address that is to be set: a string of one address, 5 to 64 characters (the API
 * model), that does not look like one person's mailbox (the audit's `primaryEmailLooksPersonal`) unless allowed.
 * Messages mask the address.
 */
export function validatePrimaryEmail(value: unknown, options: PrimaryEmailValidationOptions): ValidationProblem[] {
  const { field } = options;
  if (typeof value !== 'string') {
    return [{ field, message: `${field} must be an email address (a string), got ${value === null ? 'null' : typeof value}` }];
  }
  const email = value;
  const shown = maskEmailAddress(email);
  // Characters as the JSON Schema counts them (code points), so that both refuse the same values.
  const length = [...email].length;
  if (length < PRIMARY_EMAIL_LENGTH.min || length > PRIMARY_EMAIL_LENGTH.max || !EMAIL_SHAPE.test(email)) {
    return [
      {
        field,
        message: `${field} '${shown}' (${length} characters) is not an email address of ${PRIMARY_EMAIL_LENGTH.min} to ${PRIMARY_EMAIL_LENGTH.max} characters, as the Account Management API requires (${PRIMARY_EMAIL_RULE.apiShape}.${PRIMARY_EMAIL_RULE.apiMember})`,
      },
    ];
  }
  if (!options.allowPersonal && looksLikePersonalMailbox(email)) {
    return [
      {
        field,
        message: `${field} '${shown}' looks like one person's mailbox, which the audit reports (primaryEmailLooksPersonal): give a mail alias the account's owners answer, ${options.personalRemedy}`,
      },
    ];
  }
  return [];
}

/** Whether two primary email addresses are the same account address: AWS compares them without regard to case. */
export function samePrimaryEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The command that changes a member's primary email address. */
export function updatePrimaryEmailCommand(memberAccountId: string): string {
  return `account-contacts update-primary-email --account-id ${memberAccountId} --email <team alias>`;
}
