export * from './contacts';
export * from './security-contacts';
export * from './account-contact-details';
export * as tf from './tf';
