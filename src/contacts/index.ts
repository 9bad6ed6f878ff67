export * from './alternate-contact';
export * from './contact-information';
export * from './account-contacts-override';
export * from './organizational-unit-contacts-override';
export * from './account-tag';
export * from './account-tag-contacts-override';
export * from './account-selection';
export * from './contacts-overrides';
