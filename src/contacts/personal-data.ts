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

/** Text longer than this is cut before it is masked: an API error or a log line never needs more to be understood. */
export const MASKED_TEXT_MAX_CHARACTERS = 4_096;

/** Text right before a digit run that says the run is an account id: `account 1234`, `accountId '1234'`, `account/o-x/1234`. */
const ACCOUNT_ID_CONTEXT = /(?:account(?:Id)?[\s'"=:]*|:account\/o-[a-z0-9]+\/|::)$/i;

/** Counts the characters the scanners visit, for the test that masking is linear. */
export interface MaskingCost {
  steps: number;
}

/**
 * Masks the email addresses and phone numbers found inside free text, such as an error message from an API.
 * Account ids are not personal data and stay readable: a bare run of exactly 12 digits, and any digit run that
 * the text names as an account id (so that a wrong id, e.g. 13 digits, can be found).
 *
 * Text longer than {@link MASKED_TEXT_MAX_CHARACTERS} is cut first (the message says how much), and the scanners
 * visit each character a bounded number of times: masking a megabyte costs no more than masking its first 4,096
 * characters, and never grows with the square of the input as a backtracking regular expression would.
 */
export function maskPersonalDataInText(text: string, cost: MaskingCost = { steps: 0 }): string {
  const { head, cutNotice } = cutText(String(text));
  // The notice is added after masking: its count is not a phone number.
  return `${maskEmbeddedPhoneNumbers(maskEmbeddedEmailAddresses(head, cost), cost)}${cutNotice}`;
}

/** The first {@link MASKED_TEXT_MAX_CHARACTERS} UTF-16 units, never half a surrogate pair, and how many characters were cut. */
function cutText(text: string): { head: string; cutNotice: string } {
  if (text.length <= MASKED_TEXT_MAX_CHARACTERS) {
    return { head: text, cutNotice: '' };
  }
  let end = MASKED_TEXT_MAX_CHARACTERS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  let cut = 0;
  for (const _ of text.slice(end)) {
    cut += 1;
  }
  return { head: text.slice(0, end), cutNotice: `... (${cut} more characters cut)` };
}

const WORD = /[A-Za-z0-9_]/;
/** A local part's characters; `*` included so that an address masked before (`s***m@example.com`) comes out the same. */
const isLocalCharacter = (character: string) => WORD.test(character) || '+=.#|!&*-'.includes(character);
const isDomainCharacter = (character: string) => WORD.test(character) || character === '.' || character === '-';

/**
 * Email addresses as `[\w+=.#|!&*-]+@[\w.-]+\.\w+` finds them, leftmost first, in one pass: runs of address characters
 * are split at `@`; the local part is what precedes an `@` (since the previous address or `@`), the domain the longest
 * prefix of what follows that ends in `.` and word characters.
 */
function maskEmbeddedEmailAddresses(text: string, cost: MaskingCost): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    cost.steps += 1;
    if (!isLocalCharacter(text[i]) && text[i] !== '@') {
      out.push(text[i]);
      i += 1;
      continue;
    }
    let end = i;
    while (end < text.length && (isLocalCharacter(text[end]) || text[end] === '@')) {
      cost.steps += 1;
      end += 1;
    }
    out.push(maskAddressesInRun(text.slice(i, end), cost));
    i = end;
  }
  return out.join('');
}

function maskAddressesInRun(run: string, cost: MaskingCost): string {
  const segments = run.split('@');
  const out: string[] = [];
  // What of the current segment is not yet written: the next address's local part, when an `@` follows.
  let pending = segments[0];
  for (let index = 1; index < segments.length; index += 1) {
    const domainLength = leadingDomainLength(segments[index], cost);
    if (pending.length > 0 && domainLength > 0) {
      const domain = segments[index].slice(0, domainLength);
      out.push(maskEmailAddress(`${pending}@${domain}`));
      pending = segments[index].slice(domainLength);
      continue;
    }
    out.push(pending, '@');
    pending = segments[index];
  }
  out.push(pending);
  return out.join('');
}

/** The length of the longest prefix matching `[\w.-]+\.\w+`, 0 when none does. */
function leadingDomainLength(segment: string, cost: MaskingCost): number {
  let prefix = 0;
  while (prefix < segment.length && isDomainCharacter(segment[prefix])) {
    cost.steps += 1;
    prefix += 1;
  }
  // The rightmost `.` with at least one character before it and a word character after it ends the longest match.
  for (let dot = prefix - 2; dot >= 1; dot -= 1) {
    cost.steps += 1;
    if (segment[dot] === '.' && WORD.test(segment[dot + 1])) {
      let end = dot + 1;
      while (end < prefix && WORD.test(segment[end])) {
        end += 1;
      }
      return end;
    }
  }
  return 0;
}

const isDigit = (character: string | undefined) => character !== undefined && character >= '0' && character <= '9';
const isPhoneMiddle = (character: string) =>
  isDigit(character) || character === '(' || character === ')' || character === '-' || /\s/.test(character);

/**
 * Phone numbers as `\+?[0-9][0-9\s()-]{5,}[0-9]` finds them, in one pass: from a digit (or `+` and a digit) over the
 * run of digits, spaces, brackets and dashes to its last digit, when at least five characters lie between.
 */
function maskEmbeddedPhoneNumbers(text: string, cost: MaskingCost): string {
  const out: string[] = [];
  let written = 0;
  let i = 0;
  while (i < text.length) {
    cost.steps += 1;
    const plus = text[i] === '+' && isDigit(text[i + 1]);
    if (!plus && !isDigit(text[i])) {
      i += 1;
      continue;
    }
    const firstDigit = plus ? i + 1 : i;
    let lastDigit = firstDigit;
    let end = firstDigit + 1;
    while (end < text.length && isPhoneMiddle(text[end])) {
      cost.steps += 1;
      if (isDigit(text[end])) {
        lastDigit = end;
      }
      end += 1;
    }
    if (lastDigit - firstDigit - 1 < 5) {
      // Every later start in this run ends at the same last digit, even closer: none matches.
      i = end;
      continue;
    }
    const match = text.slice(i, lastDigit + 1);
    const isAccountId = /^[0-9]+$/.test(match) && (match.length === 12 || ACCOUNT_ID_CONTEXT.test(text.slice(Math.max(0, i - 40), i)));
    out.push(text.slice(written, i), isAccountId ? match : maskPhoneNumber(match));
    written = lastDigit + 1;
    i = lastDigit + 1;
  }
  out.push(text.slice(written));
  return out.join('');
}

/**
 * Masks the parts of an AWS principal ARN that can name a person: a role session's name (an Identity Center user's
 * email address, a federated user's name), a federated user's name and an IAM user's name. The account, the kind
 * and a role's name stay readable, so that "who" can still be told apart:
 * `arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123/jane.doe@example.com` becomes
 * `arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123/j***e@example.com`. Anything that is not a
 * principal ARN has its email addresses and phone numbers masked.
 */
export function maskPrincipalArn(value: string): string {
  const masked = (name: string) => (/^[^@]+@[^@]+$/.test(name) ? maskEmailAddress(name) : maskText(name));
  const match = /^(arn:[\w-]+:(?:sts|iam)::\d{12}:)(assumed-role\/[^/]+\/|federated-user\/|user\/(?:.*\/)?)([^/]+)$/.exec(value);
  return match ? `${match[1]}${match[2]}${masked(match[3])}` : maskPersonalDataInText(value);
}
