export * from './contacts';
export * from './security-contacts';
export * from './account-contact-details';
export * from './organization-contacts';
export * from './organization-contacts-props';
export * from './account-api-rates';
export * from './contact-lock';
export * from './outside-change-action';
