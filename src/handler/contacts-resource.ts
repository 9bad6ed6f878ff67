/**
 * The custom resources' logic: validate, read before write, write only what differs, delete what the resource
 * manages. Pure apart from the API it is given, so tests call it directly against local servers.
 */
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { contactInformationFromApiMembers } from '../contacts/api-members';
import { sameAlternateContact, sameContactInformation } from '../contacts/compare';
import { ContactInformation } from '../contacts/contact-information';
import { ParameterContactProperty, ParameterReader, readContactParameters, validateParameterName } from '../contacts/contact-parameters';
import { maskEmailAddress } from '../contacts/personal-data';
import { verifyPhoneCommand } from '../contacts/phone-verification';
import { validateAccountId, validateAlternateContact, validateAlternateContactType, validateContactInformation } from '../contacts/validation';
import {
  ALTERNATE_CONTACT_RESOURCE_TYPE,
  AlternateContactResourceProperties,
  CONTACT_INFORMATION_RESOURCE_TYPE,
  CONTACT_PARAMETER_CHANGE_KIND,
  ContactInformationResourceProperties,
  ContactParameterChange,
  alternateContactPhysicalId,
  claimsPath,
  contactInformationPhysicalId,
} from '../protocol/resource-properties';
import { AccountContactsApi } from '../runtime/account-api';
import { resolveTarget } from '../runtime/account-target';
import { CustomResourceEvent, CustomResourceResult, isDeleteOfFailedCreate } from '../runtime/cloudformation-custom-resource';
import { SyncAction, syncAlternateContact, syncContactInformation } from '../runtime/contact-sync';
import { ContactValidationError } from '../runtime/contact-validation-error';
import { LogLine, logToConsole } from '../runtime/log';
import { ResourceClaims, claimOwner, releaseClaimOnDelete } from '../runtime/resource-claims';

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
  /**
   * Reads the SSM parameters that hold contacts (`ParameterName`). Without it, such a resource fails with the reason.
   * @default none
   */
  readonly readParameter?: ParameterReader;
}

/** The contact a resource declares: its values, or those of the SSM parameter it names (read now). */
async function contactFromParameter<T extends AlternateContact | ContactInformation>(
  property: ParameterContactProperty,
  parameterName: unknown,
  keyProblems: ReturnType<typeof validateAccountId>,
  constructPath: string,
  context: HandlerContext,
): Promise<T> {
  const nameProblems = validateParameterName(parameterName, 'ParameterName');
  if (keyProblems.length > 0 || nameProblems.length > 0) {
    throw new ContactValidationError(constructPath, [...keyProblems, ...nameProblems]);
  }
  if (!context.readParameter) {
    throw new Error(
      `${constructPath}: ${property} is held in SSM parameter ${String(parameterName)}, and this function has no SSM client to read it`,
    );
  }
  const { contacts, problems } = await readContactParameters({ [property]: parameterName as string }, context.readParameter);
  if (problems.length > 0) {
    throw new ContactValidationError(constructPath, problems);
  }
  return contacts[property] as T;
}

/** Passes at most over a contact whose parameter keeps changing while it is applied. */
const PARAMETER_PASSES = 5;

/**
 * Applies a contact; when it is read from a parameter, reads the parameter again after the write, and applies the
 * newer value if one was stored meanwhile. Two invocations for two versions may write in either order (the one for
 * the older version may write last); the last writer always reads after its write, so the account ends with the
 * parameter's newest value, never the older one.
 */
async function applyNewestValue<T>(
  first: T,
  readAgain: (() => Promise<T>) | undefined,
  apply: (contact: T) => Promise<SyncAction>,
  same: (left: T, right: T) => boolean,
  parameterName: unknown,
): Promise<{ contact: T; action: SyncAction }> {
  let contact = first;
  let action = await apply(contact);
  for (let pass = 1; readAgain; pass++) {
    const newest = await readAgain();
    if (same(newest, contact)) {
      break;
    }
    if (pass >= PARAMETER_PASSES) {
      throw new Error(
        `SSM parameter ${String(parameterName)} changed ${pass} times while it was applied: the newest value was not written; try again`,
      );
    }
    contact = newest;
    const next = await apply(contact);
    action = action === 'unchanged' ? next : action;
  }
  return { contact, action };
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
      throw new Error(
        `unsupported resource type '${event.ResourceType}': expected ${ALTERNATE_CONTACT_RESOURCE_TYPE} or ${CONTACT_INFORMATION_RESOURCE_TYPE}`,
      );
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
    // Nothing is deleted after a failed create (it wrote nothing, though it may have claimed the contact before the API
    // refused the write), nor under RETAIN; the claim goes either way (see releaseClaimOnDelete).
    const claim = await releaseClaimOnDelete(
      context.claims,
      claimsPath(accountId, type),
      claimOwner(event),
      !failedCreate && deleteOnRemoval === 'true',
    );
    if (claim.declaredBy) {
      // Another resource declares this contact now (a renamed or moved construct, another stack): it stays.
      log({
        event: 'alternate-contact',
        requestType: 'Delete',
        accountId,
        alternateContactType: type,
        action: 'kept-declared-elsewhere',
        declaredBy: claim.declaredBy,
        constructPath,
      });
      return { PhysicalResourceId: physicalResourceId };
    }
    if (!claim.deletesNow) {
      const action = failedCreate ? 'nothing-to-delete' : 'retained';
      const unexpected =
        !failedCreate && deleteOnRemoval !== 'false' ? { unexpectedDeleteOnRemoval: JSON.stringify(deleteOnRemoval) ?? 'undefined' } : {};
      const claimReleased = claim.claimNotReleased === undefined ? {} : { claimNotReleased: claim.claimNotReleased };
      log({
        event: 'alternate-contact',
        requestType: 'Delete',
        accountId,
        alternateContactType: type,
        action,
        ...unexpected,
        ...claimReleased,
        constructPath,
      });
      return { PhysicalResourceId: physicalResourceId };
    }
    const deleted = await context.api.deleteAlternateContact(type, target);
    log({
      event: 'alternate-contact',
      requestType: 'Delete',
      accountId,
      alternateContactType: type,
      action: deleted ? 'deleted' : 'already-deleted',
    });
    return { PhysicalResourceId: physicalResourceId };
  }

  const fromParameter = properties.ParameterName !== undefined;
  const readDeclared = async (): Promise<AlternateContact> => {
    const contact: AlternateContact = fromParameter
      ? await contactFromParameter<AlternateContact>(
          String(type).toLowerCase() as ParameterContactProperty,
          properties.ParameterName,
          keyProblems,
          constructPath,
          context,
        )
      : {
          name: properties.Name!,
          title: properties.Title!,
          emailAddress: properties.EmailAddress!,
          phoneNumber: properties.PhoneNumber!,
        };
    const problems = [...keyProblems, ...validateAlternateContact(contact, { fieldPrefix: `${type?.toLowerCase?.() ?? 'contact'}.` })];
    if (problems.length > 0) {
      throw new ContactValidationError(constructPath, problems);
    }
    return contact;
  };
  const first = await readDeclared();
  const { target, accountId } = resolveTarget(accountIdProperty, context.ownAccountId);
  // The claim comes first: a resource that declares the contact is known before the contact is written.
  await context.claims?.claim(claimsPath(accountId, type), claimOwner(event));
  const { contact: declared, action } = await applyNewestValue(
    first,
    fromParameter ? readDeclared : undefined,
    (contact) => syncAlternateContact(context.api, type, contact, target),
    sameAlternateContact,
    properties.ParameterName,
  );
  log({
    event: 'alternate-contact',
    requestType: event.RequestType,
    accountId,
    alternateContactType: type,
    action,
    emailAddress: maskEmailAddress(declared.emailAddress),
    ...(fromParameter ? { parameterName: properties.ParameterName } : {}),
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

  const fromParameter = properties.ParameterName !== undefined;
  const readDeclared = async (): Promise<ContactInformation> => {
    const contact = fromParameter
      ? await contactFromParameter<ContactInformation>(
          'contactInformation',
          properties.ParameterName,
          validateAccountId(accountIdProperty),
          constructPath,
          context,
        )
      : contactInformationFromApiMembers(properties.ContactInformation ?? {});
    const problems = [...validateAccountId(accountIdProperty), ...validateContactInformation(contact, { fieldPrefix: 'contactInformation.' })];
    if (problems.length > 0) {
      throw new ContactValidationError(constructPath, problems);
    }
    return contact;
  };
  const first = await readDeclared();
  const { target, accountId } = resolveTarget(accountIdProperty, context.ownAccountId);
  let verificationReset = false;
  const { action } = await applyNewestValue(
    first,
    fromParameter ? readDeclared : undefined,
    (contact) => syncContactInformation(context.api, contact, target, { onVerificationReset: () => (verificationReset = true) }),
    sameContactInformation,
    properties.ParameterName,
  );
  const verify = verifyPhoneCommand(target.memberAccountId);
  log({
    event: 'contact-information',
    requestType: event.RequestType,
    accountId,
    action,
    ...(fromParameter ? { parameterName: properties.ParameterName } : {}),
    // A new phone number is UNVERIFIED until the passcode AWS texts to it is typed back.
    ...(verificationReset ? { level: 'warn', warning: `the new phone number is UNVERIFIED: run ${verify}` } : {}),
  });
  return {
    PhysicalResourceId: contactInformationPhysicalId(accountId),
    Data: {
      AccountId: accountId,
      Changed: String(action !== 'unchanged'),
      ...(verificationReset ? { PhoneVerification: `UNVERIFIED: run ${verify}` } : {}),
    },
  };
}

/** Whether an invocation is the rule on a contact parameter (see {@link ContactParameterChange}). */
export function isContactParameterChange(event: unknown): event is ContactParameterChange {
  return (event as ContactParameterChange)?.kind === CONTACT_PARAMETER_CHANGE_KIND;
}

/**
 * A contact parameter was created or changed: the resource that names it is applied again, as an Update with the same
 * properties would apply it (its claim renewed, the value read and checked, written only when it differs). Only a
 * resource that names a parameter is applied: the rule's input is checked, since anyone allowed to invoke the
 * function could send one.
 */
export async function handleContactParameterChange(change: ContactParameterChange, context: HandlerContext): Promise<CustomResourceResult> {
  const properties = change.ResourceProperties as unknown as Record<string, unknown> | undefined;
  if (typeof properties !== 'object' || properties === null || typeof properties.ParameterName !== 'string') {
    throw new Error("a contact parameter change must name the resource's properties with their ParameterName");
  }
  if (typeof change.StackId !== 'string' || typeof change.LogicalResourceId !== 'string') {
    throw new Error('a contact parameter change must name the resource (StackId, LogicalResourceId)');
  }
  const log = context.log ?? logToConsole;
  log({
    event: 'contact-parameter-changed',
    parameterName: properties.ParameterName,
    logicalResourceId: change.LogicalResourceId,
    resourceType: change.ResourceType,
  });
  return handleContactsResourceEvent(
    {
      RequestType: 'Update',
      ServiceToken: '',
      ResponseURL: '',
      StackId: change.StackId,
      RequestId: `${CONTACT_PARAMETER_CHANGE_KIND}/${change.LogicalResourceId}`,
      LogicalResourceId: change.LogicalResourceId,
      ResourceType: change.ResourceType,
      ResourceProperties: properties,
      OldResourceProperties: properties,
    },
    context,
  );
}
