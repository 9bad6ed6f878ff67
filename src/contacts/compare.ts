/**
 * Whether what an account holds is what was declared: the one comparison behind every "unchanged" (both functions
 * and the command's diff).
 */
import { AlternateContact } from './alternate-contact';
import { ContactInformation } from './contact-information';
import { CONTACT_INFORMATION_RULES } from './validation';

/** Whether two alternate contacts hold the same values. */
export function sameAlternateContact(a: AlternateContact, b: AlternateContact): boolean {
  return a.name === b.name && a.title === b.title && a.emailAddress === b.emailAddress && a.phoneNumber === b.phoneNumber;
}

/** Whether two primary contacts hold the same values (a missing optional field equals an absent one). */
export function sameContactInformation(a: ContactInformation, b: ContactInformation): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  return CONTACT_INFORMATION_RULES.every((rule) => (left[rule.field] ?? undefined) === (right[rule.field] ?? undefined));
}
