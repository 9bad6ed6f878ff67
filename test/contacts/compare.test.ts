import { sameAlternateContact, sameContactInformation } from '../../src/contacts/compare';
import { ContactInformation } from '../../src/contacts/contact-information';

const CONTACT = { name: 'Security', title: 'Team', emailAddress: 'security@example.com', phoneNumber: '+1 206 555 0100' };
const PRIMARY: ContactInformation = {
  fullName: 'Operations',
  addressLine1: '1 Main St',
  city: 'Seattle',
  stateOrRegion: 'WA',
  postalCode: '98101',
  countryCode: 'US',
  phoneNumber: '+12065550100',
};

test('alternate contacts are the same only when every field is', () => {
  expect(sameAlternateContact(CONTACT, { ...CONTACT })).toBe(true);
  for (const field of ['name', 'title', 'emailAddress', 'phoneNumber'] as const) {
    expect(sameAlternateContact(CONTACT, { ...CONTACT, [field]: `${CONTACT[field]}x` })).toBe(false);
  }
});

test('primary contacts: a missing optional field equals an absent one, a value differs from none', () => {
  expect(sameContactInformation(PRIMARY, { ...PRIMARY, companyName: undefined })).toBe(true);
  expect(sameContactInformation(PRIMARY, { ...PRIMARY, companyName: 'Example' })).toBe(false);
  expect(sameContactInformation(PRIMARY, { ...PRIMARY, city: 'Tacoma' })).toBe(false);
});
