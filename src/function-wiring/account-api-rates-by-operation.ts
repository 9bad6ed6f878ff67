import { AccountApiRates } from '../account-api-rates';

/** The organization-wide rates by API operation, from the props' names. */
export function ratesByOperation(rates: AccountApiRates): Record<string, number | undefined> {
  return {
    PutAlternateContact: rates.alternateContactWritesPerSecond,
    GetAlternateContact: rates.alternateContactReadsPerSecond,
    DeleteAlternateContact: rates.alternateContactDeletesPerSecond,
    PutContactInformation: rates.contactInformationWritesPerSecond,
    GetContactInformation: rates.contactInformationReadsPerSecond,
    GetPrimaryEmail: rates.primaryEmailReadsPerSecond,
  };
}
