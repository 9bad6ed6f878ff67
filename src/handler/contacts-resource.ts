/**
 * The custom resources' logic: validate, read before write, write only what differs, delete what the resource
 * manages. Pure apart from the API it is given, so tests call it directly against local servers.
 */
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { contactInformationFromApiMembers } from '../contacts/api-members';
import { maskEmailAddress } from '../contacts/personal-data';
import { verifyPhoneCommand } from '../contacts/phone-verification';
import {
  validateAccountId,
  validateAlternateContact,
  validateAlternateContactType,
  validateContactInformation,
} from '../contacts/validation';
import {
  ALTERNATE_CONTACT_RESOURCE_TYPE,
  AlternateContactResourceProperties,
  CONTACT_INFORMATION_RESOURCE_TYPE,
  ContactInformationResourceProperties,
  alternateContactPhysicalId,
  claimsPath,
  contactInformationPhysicalId,
} from '../protocol/resource-properties';
import { AccountContactsApi } from '../runtime/account-api';
import { resolveTarget } from '../runtime/account-target';
import { CustomResourceEvent, CustomResourceResult, isDeleteOfFailedCreate } from '../runtime/cloudformation-custom-resource';
import { syncAlternateContact, syncContactInformation } from '../runtime/contact-sync';
import { ContactValidationError } from '../runtime/contact-validation-error';
import { LogLine, logToConsole } from '../runtime/log';
import { ResourceClaims, claimOwner } from '../runtime/resource-claims';

export interface HandlerContext {
  /** The Account Management API. */
  readonly api: AccountContactsApi;
  /** The account the function runs in: calls for it are made without `AccountId`. */
  readonly ownAccountId: string;
  /** Where log lines go. */
  readonly log?: LogLine;
  /**
   * Which resources declare each contact. Without it, a Delete deletes the contact whoever else declares it.
   * @default none
   */
  readonly claims?: ResourceClaims;
}

/**
 * Handles one CloudFormation request and returns the physical id and data to answer with.
 */
export async function handleContactsResourceEvent(event: CustomResourceEvent, context: HandlerContext): Promise<CustomResourceResult> {
  // Checked before anything is read from the request: a malformed one fails with a reason, never a TypeError.
  if (!['Create', 'Update', 'Delete'].includes(event.RequestType)) {
    throw new Error(`unsupported RequestType '${String(event.RequestType)}': CloudFormation sends Create, Update or Delete`);
  }
  if (typeof event.ResourceProperties !== 'object' || event.ResourceProperties === null || Array.isArray(event.ResourceProperties)) {
    throw new Error(`the request has no ResourceProperties object (${event.RequestType} of ${String(event.LogicalResourceId)})`);
  }
  switch (event.ResourceType) {
    case ALTERNATE_CONTACT_RESOURCE_TYPE:
      return handleAlternateContact(event, context);
    case CONTACT_INFORMATION_RESOURCE_TYPE:
      return handleContactInformation(event, context);
    default:
      throw new Error(`unsupported resource type '${event.ResourceType}': expected ${ALTERNATE_CONTACT_RESOURCE_TYPE} or ${CONTACT_INFORMATION_RESOURCE_TYPE}`);
  }
}

/** The `AccountId` property: absent means the own account; anything else, `''` included, is validated. */
function optionalAccountId(value: unknown): string | undefined {
  return value === undefined ? undefined : (value as string);
}

async function handleAlternateContact(event: CustomResourceEvent, context: HandlerContext): Promise<CustomResourceResult> {
  const log = context.log ?? logToConsole;
  const properties = event.ResourceProperties as unknown as AlternateContactResourceProperties;
  const constructPath = properties.ConstructPath ?? event.LogicalResourceId;
  const type = properties.AlternateContactType as AlternateContactType;
  const accountIdProperty = optionalAccountId(properties.AccountId);
  const keyProblems = [...validateAlternateContactType(type), ...validateAccountId(accountIdProperty)];

  if (event.RequestType === 'Delete') {
    if (keyProblems.length > 0) {
      log({ event: 'alternate-contact', requestType: 'Delete', action: 'nothing-to-delete', constructPath });
      return { PhysicalResourceId: event.PhysicalResourceId ?? event.RequestId };
    }
    const { target, accountId } = resolveTarget(accountIdProperty, context.ownAccountId);
    const physicalResourceId = event.PhysicalResourceId ?? alternateContactPhysicalId(accountId, type);
    const failedCreate = isDeleteOfFailedCreate(event);
    // Fails closed: only the exact value the constructs write for a removal policy that deletes ('true') deletes; a
    // missing, boolean or otherwise spelt value keeps the contact, and is logged.
    const deleteOnRemoval = properties.DeleteOnRemoval as unknown;
    if (failedCreate || deleteOnRemoval !== 'true') {
      // Nothing is deleted: a failed create wrote nothing (it may have claimed the contact before the API refused the
      // write), RETAIN keeps the contact. The claim is released so that it keeps no other resource from deleting this
      // contact later; when that fails, it is left behind and logged rather than failing a removal that deletes nothing.
      const claimReleased = await context.claims?.releaseIfPossible(claimsPath(accountId, type), claimOwner(event));
      const action = failedCreate ? 'nothing-to-delete' : 'retained';
      const unexpected = !failedCreate && deleteOnRemoval !== 'false' ? { unexpectedDeleteOnRemoval: JSON.stringify(deleteOnRemoval) ?? 'undefined' } : {};
      log({ event: 'alternate-contact', requestType: 'Delete', accountId, alternateContactType: type, action, ...unexpected, ...claimReleased, constructPath });
      return { PhysicalResourceId: physicalResourceId };
    }
    const otherClaims = context.claims ? await context.claims.release(claimsPath(accountId, type), claimOwner(event)) : [];
    if (otherClaims.length > 0) {
      // Another resource declares this contact now (a renamed or moved construct, another stack): it stays.
      log({ event: 'alternate-contact', requestType: 'Delete', accountId, alternateContactType: type, action: 'kept-declared-elsewhere', declaredBy: otherClaims, constructPath });
      return { PhysicalResourceId: physicalResourceId };
    }
    const deleted = await context.api.deleteAlternateContact(type, target);
    log({ event: 'alternate-contact', requestType: 'Delete', accountId, alternateContactType: type, action: deleted ? 'deleted' : 'already-deleted' });
    return { PhysicalResourceId: physicalResourceId };
  }

  const declared: AlternateContact = {
    name: properties.Name,
    title: properties.Title,
    emailAddress: properties.EmailAddress,
    phoneNumber: properties.PhoneNumber,
  };
  const problems = [...keyProblems, ...validateAlternateContact(declared, { fieldPrefix: `${type?.toLowerCase?.() ?? 'contact'}.` })];
  if (problems.length > 0) {
    throw new ContactValidationError(constructPath, problems);
  }
  const { target, accountId } = resolveTarget(accountIdProperty, context.ownAccountId);
  // The claim comes first: a resource that declares the contact is known before the contact is written.
  await context.claims?.claim(claimsPath(accountId, type), claimOwner(event));
  const action = await syncAlternateContact(context.api, type, declared, target);
  log({
    event: 'alternate-contact',
    requestType: event.RequestType,
    accountId,
    alternateContactType: type,
    action,
    emailAddress: maskEmailAddress(declared.emailAddress),
  });
  return {
    PhysicalResourceId: alternateContactPhysicalId(accountId, type),
    Data: { AccountId: accountId, AlternateContactType: type, Changed: String(action !== 'unchanged') },
  };
}

async function handleContactInformation(event: CustomResourceEvent, context: HandlerContext): Promise<CustomResourceResult> {
  const log = context.log ?? logToConsole;
  const properties = event.ResourceProperties as unknown as ContactInformationResourceProperties;
  const constructPath = properties.ConstructPath ?? event.LogicalResourceId;
  const accountIdProperty = optionalAccountId(properties.AccountId);

  if (event.RequestType === 'Delete') {
    // The API has no way to delete the primary contact: removal leaves it in place.
    log({ event: 'contact-information', requestType: 'Delete', action: 'left-in-place', constructPath });
    return { PhysicalResourceId: event.PhysicalResourceId ?? event.RequestId };
  }

  const declared = contactInformationFromApiMembers(properties.ContactInformation ?? {});
  const problems = [...validateAccountId(accountIdProperty), ...validateContactInformation(declared, { fieldPrefix: 'contactInformation.' })];
  if (problems.length > 0) {
    throw new ContactValidationError(constructPath, problems);
  }
  const { target, accountId } = resolveTarget(accountIdProperty, context.ownAccountId);
  let verificationReset = false;
  const action = await syncContactInformation(context.api, declared, target, { onVerificationReset: () => (verificationReset = true) });
  const verify = verifyPhoneCommand(target.memberAccountId);
  log({
    event: 'contact-information',
    requestType: event.RequestType,
    accountId,
    action,
    // A new phone number is UNVERIFIED until the passcode AWS texts to it is typed back.
    ...(verificationReset ? { level: 'warn', warning: `the new phone number is UNVERIFIED: run ${verify}` } : {}),
  });
  return {
    PhysicalResourceId: contactInformationPhysicalId(accountId),
    Data: { AccountId: accountId, Changed: String(action !== 'unchanged'), ...(verificationReset ? { PhoneVerification: `UNVERIFIED: run ${verify}` } : {}) },
  };
}
