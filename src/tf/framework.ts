/**
 * The framework these constructs are built on. In this repository, and in cdktf-account-contacts, it is CDK for
 * Terraform (`cdktf`); scripts/build-terraform-package.sh writes this one module as `export * from 'cdktn'` for
 * cdktn-account-contacts. Every file of src/tf/ imports the framework from here, so each package is built from the
 * sources as they are, with no import rewritten.
 */
export * from 'cdktf';
