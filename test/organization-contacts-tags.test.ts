/**
 * OrganizationContacts with tags, construct side: the declaration carries the tag conditions, the role may read
 * accounts' tags only when they are used (and only on account ARNs), the TagResource / UntagResource rule, and
 * synth-time errors naming the construct path, the field and the Organizations API's rule.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationContacts, OrganizationContactsProps } from '../src';
import { SECURITY } from './support/contacts-fixtures';

const PCI_SECURITY = { ...SECURITY, name: 'PCI Security Office' };
const TAGGED: Partial<OrganizationContactsProps> = {
  accountSelection: { excludeAccountTags: [{ key: 'environment', value: 'sandbox' }] },
  overrides: { accountTags: [{ tag: { key: 'data-classification', value: 'pci' }, security: PCI_SECURITY }] },
};

function synth(props: Partial<OrganizationContactsProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const statements = (template: Template) =>
  Object.values<any>(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
  );
const actions = (template: Template) => statements(template).flatMap((statement) => ([] as string[]).concat(statement.Action));

test('the declaration asset carries the tag conditions as declared', () => {
  const { app, template } = synth(TAGGED);
  const assembly = app.synth();
  const key = Object.values<any>(template.findResources('Custom::OrganizationContacts'))[0].Properties.DeclarationKey as string;
  const declaration = JSON.parse(fs.readFileSync(path.join(assembly.directory, `asset.${key.replace(/\.json$/, '')}.json`), 'utf8'));
  expect(declaration.excludeAccountTags).toEqual(TAGGED.accountSelection?.excludeAccountTags);
  expect(declaration.accountTagOverrides).toEqual(TAGGED.overrides?.accountTags);
});

test('organizations:ListTagsForResource only when tags are used, on account ARNs only (never units, roots or policies)', () => {
  expect(actions(synth().template)).not.toContain('organizations:ListTagsForResource');
  const tagged = statements(synth(TAGGED).template).filter((statement) =>
    ([] as string[]).concat(statement.Action).includes('organizations:ListTagsForResource'),
  );
  expect(tagged).toEqual([
    expect.objectContaining({
      Action: ['organizations:DescribeAccount', 'organizations:ListTagsForResource'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::*:account/o-*/*']] },
    }),
  ]);
});

test('a rule on successful TagResource / UntagResource calls, only when tags are used, unless accountTagEvents is false', () => {
  synth(TAGGED).template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.organizations'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventName: ['TagResource', 'UntagResource'], errorCode: [{ exists: false }] },
    },
    Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 } })],
  });
  const rules = (props: Partial<OrganizationContactsProps>) => JSON.stringify(synth(props).template.findResources('AWS::Events::Rule'));
  expect(rules({})).not.toContain('TagResource');
  expect(rules({ ...TAGGED, triggers: { accountTagEvents: false } })).not.toContain('TagResource');
  // The resources stay constant in the number of tag conditions: one rule, whatever the list.
  const many = synth({
    overrides: {
      accountTags: Array.from({ length: 50 }, (_, index) => ({ tag: { key: 'team', value: `t${index}` }, security: PCI_SECURITY })),
    },
  });
  expect(Object.keys(many.template.toJSON().Resources).length).toBe(Object.keys(synth(TAGGED).template.toJSON().Resources).length);
});

test('bad tag conditions fail synth with the construct path, the field and the rule', () => {
  expect(() =>
    synth({
      accountSelection: { excludeAccountTags: [{ key: 'bad*key' }] },
      overrides: { accountTags: [{ tag: { key: 'team', value: 'x'.repeat(257) }, security: PCI_SECURITY }] },
    }),
  ).toThrow(
    new RegExp(
      [
        "\\[Stack/Contacts\\] accountSelection\\.excludeAccountTags\\[0\\]\\.key 'bad\\*key' \\(7 characters\\) does not match the AWS pattern .* \\(Organizations API, Tag.Key\\)",
        '\\[Stack/Contacts\\] overrides\\.accountTags\\[0\\]\\.tag\\.value .* is too long: it must be 0 to 256 characters long \\(Organizations API, Tag.Value\\)',
      ].join('[\\s\\S]*'),
    ),
  );
});
