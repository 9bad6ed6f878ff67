/**
 * Conversion between this library's field names (camelCase) and the Account Management API's member names
 * (PascalCase), through the one rule table.
 */
import { ContactInformation } from './contact-information';
import { CONTACT_INFORMATION_RULES } from './validation';

/** The primary contact information as the API's `ContactInformation` members. Absent fields stay absent. */
export function contactInformationToApiMembers(information: ContactInformation): Record<string, string> {
  const values = information as unknown as Record<string, string | undefined>;
  const members: Record<string, string> = {};
  for (const rule of CONTACT_INFORMATION_RULES) {
    const value = values[rule.field];
    if (value !== undefined) {
      members[rule.apiMember] = value;
    }
  }
  return members;
}

/** The API's `ContactInformation` members as this library's fields. Null and absent members stay absent. */
export function contactInformationFromApiMembers(members: Record<string, unknown>): ContactInformation {
  const information: Record<string, unknown> = {};
  for (const rule of CONTACT_INFORMATION_RULES) {
    const value = members[rule.apiMember];
    if (value !== undefined && value !== null) {
      information[rule.field] = value;
    }
  }
  return information as unknown as ContactInformation;
}
