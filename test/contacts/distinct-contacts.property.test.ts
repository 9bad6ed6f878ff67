/**
 * The distinct-contacts advice, over every combination a user can produce: it speaks exactly when two of the
 * contacts (the three alternate contacts, the primary phone and the account's primary email) share an address (case and spaces aside) or a phone number (formatting aside), and never shows either.
 */
import * as fc from 'fast-check';
import { adviseOnDistinctContacts } from '../../src/contacts/advice';

const emails = ['soc@example.com', 'billing@example.com', 'ops@example.com', 'team@example.com'];
const phones = ['+1 206 555 0100', '+1 206 555 0101', '+1 206 555 0102', '+1 206 555 0103'];
const formatted = (phone: string, style: number) => [phone, phone.replace(/ /g, '-'), phone.replace(/ /g, ''), ` ${phone} `][style];

test('advice if and only if two contacts share an address or a phone; values always masked', () => {
  const contact = fc.option(fc.record({ email: fc.nat(3), phone: fc.nat(3), style: fc.nat(3), upper: fc.boolean() }), { nil: undefined });
  const primaryPhone = fc.option(fc.record({ phone: fc.nat(3), style: fc.nat(3) }), { nil: undefined });
  const primaryEmail = fc.option(fc.record({ email: fc.nat(3), upper: fc.boolean() }), { nil: undefined });
  fc.assert(
    fc.property(contact, contact, contact, primaryPhone, primaryEmail, (security, billing, operations, primary, rootEmail) => {
      const asContact = (value: typeof security) =>
        value && {
          name: 'Team',
          title: 'Team',
          emailAddress: value.upper ? emails[value.email].toUpperCase() : emails[value.email],
          phoneNumber: formatted(phones[value.phone], value.style),
        };
      const advice = adviseOnDistinctContacts(
        { security: asContact(security), billing: asContact(billing), operations: asContact(operations) },
        {
          phoneNumber: primary && formatted(phones[primary.phone], primary.style),
          emailAddress: rootEmail && (rootEmail.upper ? emails[rootEmail.email].toUpperCase() : emails[rootEmail.email]),
        },
      );
      const present = [security, billing, operations].filter((value) => value !== undefined);
      const allEmails = [...present.map((value) => value!.email), ...(rootEmail ? [rootEmail.email] : [])];
      const sharedEmail = new Set(allEmails).size < allEmails.length;
      const allPhones = [...present.map((value) => value!.phone), ...(primary ? [primary.phone] : [])];
      const sharedPhone = new Set(allPhones).size < allPhones.length;
      expect(advice.length).toBe(sharedEmail || sharedPhone ? 1 : 0);
      for (const text of advice.map((item) => item.message)) {
        expect(emails.some((email) => text.toLowerCase().includes(email))).toBe(false);
        expect(phones.some((phone) => text.includes(phone.slice(-4)))).toBe(false);
      }
    }),
    { numRuns: 500 },
  );
});
