/**
 * OrganizationContacts and outside changes, construct side: the rule (never invoked by the construct's own role),
 * the function's settings (its role, the action, the topic) and the topic's permission, per onOutsideChange.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OrganizationContacts, OrganizationContactsProps, OutsideChangeAction } from '../src';
import { SECURITY } from './support/contacts-fixtures';

function synth(props: (stack: Stack) => Partial<OrganizationContactsProps> = () => ({})) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props(stack) });
  return { app, template: Template.fromStack(stack) };
}

const ROLE_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ContactsRole'), 'Arn'] };
const ROLE_ARN_VALUE = { 'Fn::GetAtt': [expect.stringMatching(/^ContactsRole/), 'Arn'] };
const variables = (template: Template) => Object.values<any>(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

test("a rule on the three contact-changing calls that succeeded, by any caller but a session of the construct's role", () => {
  const { template } = synth();
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.account'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventName: ['PutAlternateContact', 'DeleteAlternateContact', 'PutContactInformation'],
        errorCode: [{ exists: false }],
        $or: [
          { userIdentity: { type: [{ 'anything-but': 'AssumedRole' }] } },
          { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': ROLE_ARN }] } } } },
        ],
      },
    },
    Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 } })],
  });
  expect(variables(template)).toEqual(expect.objectContaining({ ROLE_ARN: ROLE_ARN_VALUE, OUTSIDE_CHANGE_ACTION: 'RESTORE' }));
  expect(variables(template).OUTSIDE_CHANGE_TOPIC_ARN).toBeUndefined();
});

test('NOTIFY with its own topic: the action and the topic reach the function, which may publish to it', () => {
  const { template } = synth((stack) => ({
    outsideChanges: { action: OutsideChangeAction.NOTIFY, topic: new sns.Topic(stack, 'Changes') },
  }));
  expect(variables(template)).toEqual(
    expect.objectContaining({ OUTSIDE_CHANGE_ACTION: 'NOTIFY', OUTSIDE_CHANGE_TOPIC_ARN: { Ref: expect.stringMatching(/^Changes/) } }),
  );
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: Match.stringLikeRegexp('^Changes') } })]),
    },
  });
});

test('without its own topic the failure topic is told; IGNORE: no rule, no settings', () => {
  const failures = synth((stack) => ({ runs: { failureTopic: new sns.Topic(stack, 'Failures') } }));
  expect(variables(failures.template).OUTSIDE_CHANGE_TOPIC_ARN).toEqual({ Ref: expect.stringMatching(/^Failures/) });
  const ignore = synth(() => ({ outsideChanges: { action: OutsideChangeAction.IGNORE } }));
  expect(JSON.stringify(ignore.template.findResources('AWS::Events::Rule'))).not.toContain('aws.account');
  expect(variables(ignore.template).OUTSIDE_CHANGE_ACTION).toBeUndefined();
  expect(variables(ignore.template).ROLE_ARN).toBeUndefined();
});

test("cfn-lint accepts the rule's pattern ($or, anything-but on a GetAtt)", () => {
  const { app } = synth();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-change-'));
  const file = path.join(directory, 'Stack.template.json');
  fs.writeFileSync(file, JSON.stringify(app.synth().getStackByName('Stack').template));
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
  fs.rmSync(directory, { recursive: true, force: true });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});
