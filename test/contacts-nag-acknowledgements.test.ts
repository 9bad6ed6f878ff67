/**
 * ContactsNagAcknowledgements against cdk-nag's AwsSolutions, HIPAA Security and NIST 800-53 rev 5 packs: every
 * construct of the library in one stack passes with the one-line helper; without it the same stack fails; and the
 * helper does not hide a finding on the user's own resources.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { AccountContactDetails, ContactRemoval, ContactsNagAcknowledgements, OrganizationContacts, SecurityContacts } from '../src';
import { BILLING, PRIMARY, SECURITY } from './support/contacts-fixtures';

function everyConstruct(options: { helper: boolean; userTopic?: boolean; managementAccountId?: string }): () => void {
  const app = new App();
  const stack = new Stack(app, 'Contacts', { env: { account: '111122223333', region: 'us-east-1' } });
  new SecurityContacts(stack, 'Own', { security: SECURITY, billing: BILLING });
  new SecurityContacts(stack, 'Member', { accountId: '222233334444', security: SECURITY });
  new AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
  new OrganizationContacts(stack, 'Organization', {
    accountSelection: {
      // The accounts declared above: one owner per contact.
      excludeAccountIds: ['111122223333', '222233334444'],
      excludeAccountTags: [{ key: 'environment', value: 'sandbox' }],
    },
    security: SECURITY,
    contactInformation: PRIMARY,
    runs: { managementAccountId: options.managementAccountId },
    removal: ContactRemoval.RESTORE_PREVIOUS,
  });
  if (options.userTopic) {
    new sns.Topic(stack, 'UnencryptedTopic');
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app));
  if (options.helper) {
    ContactsNagAcknowledgements.acknowledge(stack);
  }
  return () => app.synth();
}

const findings = (synth: () => void): string[] => {
  try {
    synth();
    return [];
  } catch (error) {
    return [...(error as Error).message.matchAll(/Acknowledge with '([^']+)'/g)].map((match) => match[1]);
  }
};

test('with the helper, every construct passes the three packs (and with a management account id, whose ARNs differ)', () => {
  expect(findings(everyConstruct({ helper: true }))).toEqual([]);
  expect(findings(everyConstruct({ helper: true, managementAccountId: '999988887777' }))).toEqual([]);
});

test('without it, the same stack fails in each of the three packs: the check is live', () => {
  const found = findings(everyConstruct({ helper: false }));
  for (const pack of ['AwsSolutions::AwsSolutions-IAM5', 'HIPAA.Security::', 'NIST.800.53.R5::']) {
    expect(found.some((id) => id.startsWith(pack))).toBe(true);
  }
});

test("the user's own resources are not acknowledged: an unencrypted topic still fails", () => {
  expect(findings(everyConstruct({ helper: true, userTopic: true })).sort()).toEqual([
    'AwsSolutions::AwsSolutions-SNS3',
    'HIPAA.Security::HIPAA.Security-SNSEncryptedKMS',
    'NIST.800.53.R5::NIST.800.53.R5-SNSEncryptedKMS',
  ]);
});
