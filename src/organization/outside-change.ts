/**
 * A contact changed by another principal than the function's own role: which account, which contact type, who and
 * when (from the CloudTrail event), whether the declaration manages it, what the account holds now (masked), a
 * notification, and a run that writes the declared contact back (RESTORE).
 */
import { OrganizationHandlerOptions } from './handler-options';
import { RunEnvironment } from './run-context';
import { loadValidDeclaration } from './run-declaration';
import { organizationClaims } from './run-owners';
import { startRun } from './run-start';
import { RunAction, RunTrigger } from './run-state-machine';
import { isActiveAccountState } from '../contacts/account-state';
import { AlternateContact, AlternateContactType } from '../contacts/alternate-contact';
import { sameAlternateContact, sameContactInformation } from '../contacts/compare';
import { ContactInformation } from '../contacts/contact-information';
import { PRIMARY_CONTACT_TYPE } from '../contacts/contact-type';
import { excludingAccountTag, isAccountInScope, resolveAccountContacts, usesAccountTags } from '../contacts/organization-declaration';
import { ONE_OWNER_WAY_OUT } from '../contacts/ownership';
import { maskEmailAddress, maskPhoneNumber, maskPrincipalArn, maskText } from '../contacts/personal-data';
import { ALTERNATE_CONTACT_TYPES, isAccountId } from '../contacts/validation';
import { CONTACT_CHANGE_EVENT_NAMES } from '../protocol/account-events';
import { describeClaimOwner } from '../protocol/organization-claim';
import { resolveTarget } from '../runtime/account-target';

/** The CloudTrail event of an Account Management call, as far as this library reads it. */
export interface ContactChangeEvent {
  readonly id?: string;
  readonly source?: string;
  readonly 'detail-type'?: string;
  readonly detail?: {
    readonly eventName?: string;
    readonly eventTime?: string;
    readonly errorCode?: string;
    readonly recipientAccountId?: string;
    readonly userIdentity?: {
      readonly type?: string;
      readonly arn?: string;
      readonly sessionContext?: { readonly sessionIssuer?: { readonly arn?: string } };
    };
    readonly requestParameters?: { readonly accountId?: string; readonly alternateContactType?: string } | null;
  };
}

/** One outside change: the account, the contact type (SECURITY, BILLING, OPERATIONS or PRIMARY), who, when. */
export interface OutsideChange {
  readonly accountId: string;
  readonly contactType: string;
  readonly eventName: string;
  /** The caller's ARN (a role session, a user, the root user), with any person's name or address masked. */
  readonly principal: string;
  /** The role behind a role session; `undefined` for users. */
  readonly principalRole?: string;
  readonly time?: string;
}

export function isContactChangeEvent(event: unknown): event is ContactChangeEvent {
  const candidate = event as ContactChangeEvent;
  return candidate?.source === 'aws.account' && CONTACT_CHANGE_EVENT_NAMES.includes(candidate.detail?.eventName ?? '');
}

/** The change the event describes, or `undefined` for a failed call or an unusable account id or type. */
export function describeOutsideChange(event: ContactChangeEvent): OutsideChange | undefined {
  const detail = event.detail!;
  if (detail.errorCode) {
    return undefined;
  }
  // Without AccountId the caller changed its own account: the event's recipient.
  const accountId = detail.requestParameters?.accountId ?? detail.recipientAccountId;
  const contactType =
    detail.eventName === 'PutContactInformation' ? PRIMARY_CONTACT_TYPE : (detail.requestParameters?.alternateContactType ?? '').toUpperCase();
  const known = contactType === PRIMARY_CONTACT_TYPE || ALTERNATE_CONTACT_TYPES.includes(contactType as AlternateContactType);
  if (!isAccountId(accountId) || !known) {
    return undefined;
  }
  return {
    accountId,
    contactType,
    eventName: detail.eventName!,
    // Masked here, once: a session or user name can be a person's name or email address.
    principal: maskPrincipalArn(detail.userIdentity?.arn ?? detail.userIdentity?.type ?? 'unknown'),
    principalRole: detail.userIdentity?.sessionContext?.sessionIssuer?.arn,
    time: detail.eventTime,
  };
}

/** Handles one contact change event: ignored when the function's own role made it or the contact is not managed. */
export async function handleContactChange(event: ContactChangeEvent, context: RunEnvironment, options: OrganizationHandlerOptions): Promise<void> {
  const log = context.log;
  const change = describeOutsideChange(event);
  if (!change) {
    log({ event: 'contact-change-ignored', eventName: event.detail?.eventName, reason: 'failed call, or no 12-digit account or known contact type' });
    return;
  }
  if (context.ownRoleArn !== undefined && change.principalRole === context.ownRoleArn) {
    log({ event: 'own-contact-change', accountId: change.accountId, contactType: change.contactType });
    return;
  }
  // Another OrganizationContacts' function wrote it: two owners. Writing back would start a fight that never ends.
  const owner =
    options.claims && change.principalRole !== undefined
      ? (await organizationClaims(options.claims)).find((claim) => claim.roleArn === change.principalRole)
      : undefined;
  if (owner) {
    const declaredBy = describeClaimOwner(owner);
    log({ level: 'warn', event: 'owner-conflict', accountId: change.accountId, contactType: change.contactType, declaredBy });
    await context.notifyOutsideChange?.(
      `cdk-account-contacts: ${change.contactType} contact of ${change.accountId} has two owners`.slice(0, 99),
      `The ${change.contactType} contact of account ${change.accountId} was written by ${declaredBy}, which declares it too. ` +
        `It is not written back (two owners would overwrite each other forever): ${ONE_OWNER_WAY_OUT}.`,
    );
    return;
  }
  const declaration = await loadValidDeclaration(context, options.currentDeclarationKey);
  let placement = await context.directory.describeAccount(change.accountId);
  if (usesAccountTags(declaration)) {
    placement = { ...placement, tags: await context.directory.listAccountTags(change.accountId) };
  }
  const declared =
    isActiveAccountState(placement.state) && isAccountInScope(declaration, placement) && !excludingAccountTag(declaration, placement)
      ? resolveAccountContacts(declaration, placement)
      : undefined;
  const declaredContact =
    change.contactType === PRIMARY_CONTACT_TYPE
      ? declared?.contactInformation
      : declared?.alternateContacts[change.contactType as AlternateContactType];
  if (!declaredContact) {
    log({ event: 'contact-change-unmanaged', accountId: change.accountId, contactType: change.contactType, principal: change.principal });
    return;
  }
  const { target } = resolveTarget(change.accountId, context.ownAccountId);
  const now =
    change.contactType === PRIMARY_CONTACT_TYPE
      ? await context.api.getContactInformation(target)
      : await context.api.getAlternateContact(change.contactType as AlternateContactType, target);
  const same =
    now !== undefined &&
    (change.contactType === PRIMARY_CONTACT_TYPE
      ? sameContactInformation(now as ContactInformation, declaredContact as ContactInformation)
      : sameAlternateContact(now as AlternateContact, declaredContact as AlternateContact));
  const restore = options.outsideChangeAction !== 'NOTIFY' && !options.dryRun;
  const { accountId, contactType, eventName, principal, time } = change;
  const line = { accountId, contactType, eventName, principal, time };
  if (same) {
    log({ event: 'outside-change-without-drift', ...line });
    return;
  }
  log({ level: 'warn', event: 'outside-change', ...line, action: restore ? 'RESTORE' : 'NOTIFY' });
  if (context.notifyOutsideChange) {
    const subject = `cdk-account-contacts: ${change.contactType} contact of ${change.accountId} changed outside ${declaration.constructPath}`;
    await context.notifyOutsideChange(
      subject.slice(0, 99),
      [
        `The ${change.contactType} contact of account ${change.accountId} was changed by ${change.principal} (${change.eventName}${change.time ? ` at ${change.time}` : ''}).`,
        `It now holds: ${describeMasked(now)}.`,
        `Declared by ${declaration.constructPath}: ${describeMasked(declaredContact)}.`,
        restore
          ? 'The declared contact is being written back now.'
          : options.dryRun
            ? 'It is left as is: the construct is in dry run (dryRun: true) and writes nothing.'
            : 'It is left as is until the next reconciliation (onOutsideChange: NOTIFY).',
      ].join('\n'),
    );
  }
  if (restore) {
    await startRun(context, {
      runId: `outside-change-${change.accountId}-${event.id ?? context.now()}`,
      trigger: RunTrigger.OUTSIDE_CHANGE,
      action: RunAction.APPLY,
      declarationKey: options.currentDeclarationKey,
      onlyAccountId: change.accountId,
      dryRun: options.dryRun,
    });
  }
}

/** A contact with its personal data masked: never a full email address or phone number. */
function describeMasked(contact: AlternateContact | ContactInformation | undefined): string {
  if (!contact) {
    return 'nothing (deleted)';
  }
  if ('emailAddress' in contact) {
    return `${maskText(contact.name)}, ${maskText(contact.title)}, ${maskEmailAddress(contact.emailAddress)}, ${maskPhoneNumber(contact.phoneNumber)}`;
  }
  return `${maskText(contact.fullName)}, ${maskPhoneNumber(contact.phoneNumber)}, ${contact.city}, ${contact.countryCode}`;
}
