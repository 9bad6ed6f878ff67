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
  // Code points, not UTF-16 units: an emoji is never cut in half.
  const characters = [...local.trim()];
  let maskedLocal: string;
  if (characters.length <= 2) {
    maskedLocal = '*'.repeat(Math.max(characters.length, 1));
  } else {
    maskedLocal = `${characters[0]}***${characters[characters.length - 1]}`;
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
  const [first] = [...value.trim()];
  return first === undefined ? '' : `${first}***`;
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

// `*` belongs to the local part so that an address masked before (`s***m@example.com`) is matched whole and comes
// out the same: masking is idempotent, and a message masked by two layers reads as if masked once.
const EMBEDDED_EMAIL_ADDRESS = /[\w+=.#|!&*-]+@[\w.-]+\.[\w]+/g;
const EMBEDDED_PHONE_NUMBER = /\+?[0-9][0-9\s()-]{5,}[0-9]/g;
/** Text right before a digit run that says the run is an account id: `account 1234`, `accountId '1234'`, `account/o-x/1234`. */
const ACCOUNT_ID_CONTEXT = /(?:account(?:Id)?[\s'"=:]*|:account\/o-[a-z0-9]+\/|::)$/i;

/**
 * Masks the email addresses and phone numbers found inside free text, such as an error message from an API.
 * Account ids are not personal data and stay readable: a bare run of exactly 12 digits, and any digit run that
 * the text names as an account id (so that a wrong id, e.g. 13 digits, can be found).
 */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(EMBEDDED_EMAIL_ADDRESS, (match) => maskEmailAddress(match))
    .replace(EMBEDDED_PHONE_NUMBER, (match, offset: number, whole: string) => {
      const isAccountId = /^[0-9]+$/.test(match) && (match.length === 12 || ACCOUNT_ID_CONTEXT.test(whole.slice(Math.max(0, offset - 40), offset)));
      return isAccountId ? match : maskPhoneNumber(match);
    });
}
