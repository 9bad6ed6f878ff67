/**
 * What `OrganizationContacts` checks at synth: the declaration with the shared rules, values that cannot be tokens,
 * its own settings, the contact lock's targets; problems fail synth with the construct path, advice becomes warnings.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isUnresolved, registerProblems, warnAbout } from './construct-problems';
import { OrganizationSettings, settingProblems, tokenProblems } from './organization-contacts-problems';
import { adviseOnAlternateContacts } from '../contacts/advice';
import { validateContactParameterNames } from '../contacts/contact-parameters';
import { OrganizationDeclaration, validateOrganizationDeclaration, ORGANIZATION_CONTACTS_LIST_NAMES } from '../contacts/organization-declaration';
import { contactParameterPlacementProblems, parameterNames } from '../iam/contact-parameter-access';
import { OrganizationContactsProps } from '../organization-contacts-props';
import { contactLockAdvice, contactLockProblems } from '../service-control-policy/contact-lock-policy';

export function checkOrganizationContactsAtSynth(
  scope: Construct,
  props: OrganizationContactsProps,
  declaration: OrganizationDeclaration,
  settings: OrganizationSettings,
): void {
  // Every value the declaration file holds, by its place in the props.
  const declaredValues = {
    security: props.security,
    billing: props.billing,
    operations: props.operations,
    contactInformation: props.contactInformation,
    accountSelection: props.accountSelection,
    overrides: props.overrides,
  };
  const contactLock = props.outsideChanges?.contactLock;
  registerProblems(scope, () => [
    ...validateOrganizationDeclaration(declaration, { isUnresolved }, ORGANIZATION_CONTACTS_LIST_NAMES),
    ...validateContactParameterNames(parameterNames(props.contactParameters ?? {}), declaration.defaults, {
      fieldPrefix: 'contactParameters.',
      isUnresolved,
    }),
    ...contactParameterPlacementProblems(Stack.of(scope), props.contactParameters ?? {}, (property) => `contactParameters.${property}`),
    ...tokenProblems(declaredValues),
    ...settingProblems(settings),
    ...(contactLock ? contactLockProblems(contactLock) : []),
  ]);
  warnAbout(scope, adviseOnAlternateContacts(props, isUnresolved));
  const region = Stack.of(scope).region;
  if (props.triggers?.newAccountEvents !== false && !Token.isUnresolved(region) && region !== 'us-east-1') {
    warnAbout(scope, [
      {
        id: 'organizationEventsOutsideUsEast1',
        message: `AWS Organizations delivers its events (CreateAccountResult, AcceptHandshake) to EventBridge in us-east-1 only, and this stack is in ${region}: new accounts are covered by Control Tower's event if this is its home Region, else by the next reconciliation`,
      },
    ]);
  }
  if (contactLock) {
    warnAbout(scope, contactLockAdvice(contactLock));
  }
  const management = settings.managementAccountId;
  if (contactLock && management && contactLock.targetIds.includes(management)) {
    warnAbout(scope, [
      {
        id: 'contactLockOnManagementAccount',
        message: `outsideChanges.contactLock.targetIds names the management account ${management}: service control policies never apply to the management account, so its contacts stay changeable by its own principals`,
      },
    ]);
  }
}
