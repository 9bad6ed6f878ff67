export * from './alternate-contact';
export * from './contact-information';
