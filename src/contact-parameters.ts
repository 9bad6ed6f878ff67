import * as ssm from 'aws-cdk-lib/aws-ssm';

/**
 * Alternate contacts held in SSM Parameter Store instead of the code: one parameter per contact, whose value is the
 * contact as a JSON object with the fields of {@link AlternateContact}:
 * `{"name": "…", "title": "…", "emailAddress": "…", "phoneNumber": "…"}`.
 *
 * The function reads the parameter when it applies the contact, and checks the value with the same rules and
 * messages as a value written in the code, so neither the template nor the cloud assembly holds the contact. A new
 * version of the parameter is applied within a minute, without a deployment (an EventBridge rule on the parameter).
 *
 * A `SecureString` parameter is decrypted by the function: give the parameter with its key
 * (`ssm.StringParameter.fromSecureStringParameterAttributes(this, 'Security', { parameterName, encryptionKey })`) so
 * that the function may use the key; the AWS managed key `aws/ssm` needs no grant.
 */
export interface AlternateContactParameters {
  /**
   * The parameter that holds the SECURITY alternate contact.
   *
   * @default - the SECURITY contact is not read from a parameter
   */
  readonly security?: ssm.IParameter;

  /**
   * The parameter that holds the BILLING alternate contact.
   *
   * @default - the BILLING contact is not read from a parameter
   */
  readonly billing?: ssm.IParameter;

  /**
   * The parameter that holds the OPERATIONS alternate contact.
   *
   * @default - the OPERATIONS contact is not read from a parameter
   */
  readonly operations?: ssm.IParameter;
}

/**
 * The default contacts of an organization held in SSM Parameter Store (see {@link AlternateContactParameters}), the
 * primary contact included: its value is a JSON object with the fields of {@link ContactInformation}.
 */
export interface ContactParameters extends AlternateContactParameters {
  /**
   * The parameter that holds the primary contact information.
   *
   * @default - the primary contact is not read from a parameter
   */
  readonly contactInformation?: ssm.IParameter;
}
