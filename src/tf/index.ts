export * from './security-contacts';
export * from './account-contact-details';
export * from './organization-contacts';
export * from './contact-removal';
