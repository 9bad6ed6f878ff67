/**
 * Masking of personal data (email addresses, phone numbers, names and addresses) for logs, errors and reports.
 *
 * Contacts are personal data: nothing this library prints, logs or returns shows them in full unless a user
 * asks for it explicitly (the audit command's `--show-contacts`).
 */

/** What kind of value is masked: it decides how much of its shape stays visible. */
export enum PersonalDataKind {
  /** Keeps the first and last character of the local part and the whole domain. */
  EMAIL_ADDRESS = 'EMAIL_ADDRESS',
  /** Keeps the non-digit characters and the last two digits. */
  PHONE_NUMBER = 'PHONE_NUMBER',
  /** Keeps the first character only. */
  TEXT = 'TEXT',
}

/**
 * Masks an email address: `security-team@example.com` becomes `s***m@example.com`.
 */
export function maskEmailAddress(value: string): string {
  const at = value.lastIndexOf('@');
  const local = at >= 0 ? value.slice(0, at) : value;
  const domain = at >= 0 ? value.slice(at) : '';
  const trimmed = local.trim();
  let maskedLocal: string;
  if (trimmed.length <= 2) {
    maskedLocal = '*'.repeat(Math.max(trimmed.length, 1));
  } else {
    maskedLocal = `${trimmed[0]}***${trimmed[trimmed.length - 1]}`;
  }
  return `${maskedLocal}${domain.trim()}`;
}

/**
 * Masks a phone number: `+1 206 555 0100` becomes `+* *** *** **00`. Letters, which a phone number should not
 * hold, are masked too.
 */
export function maskPhoneNumber(value: string): string {
  const digitCount = (value.match(/[0-9]/g) ?? []).length;
  let digitsSeen = 0;
  return value.replace(/\p{L}/gu, '*').replace(/[0-9]/g, (digit) => {
    digitsSeen += 1;
    return digitsSeen > digitCount - 2 && digitCount > 4 ? digit : '*';
  });
}

/**
 * Masks free text such as a name or an address line: `Jane Doe` becomes `J***`.
 */
export function maskText(value: string): string {
  const trimmed = value.trim();
  return trimmed.length === 0 ? '' : `${trimmed[0]}***`;
}

/** Masks a value according to its kind. */
export function maskPersonalData(value: string, kind: PersonalDataKind): string {
  switch (kind) {
    case PersonalDataKind.EMAIL_ADDRESS:
      return maskEmailAddress(value);
    case PersonalDataKind.PHONE_NUMBER:
      return maskPhoneNumber(value);
    case PersonalDataKind.TEXT:
      return maskText(value);
  }
}

const EMBEDDED_EMAIL_ADDRESS = /[\w+=.#|!&-]+@[\w.-]+\.[\w]+/g;
const EMBEDDED_PHONE_NUMBER = /\+?[0-9][0-9\s()-]{5,}[0-9]/g;

/**
 * Masks the email addresses and phone numbers found inside free text, such as an error message from an API.
 */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(EMBEDDED_EMAIL_ADDRESS, (match) => maskEmailAddress(match))
    // A bare 12-digit run is an AWS account id, not a phone number: it stays readable.
    .replace(EMBEDDED_PHONE_NUMBER, (match) => (/^[0-9]{12}$/.test(match) ? match : maskPhoneNumber(match)));
}
