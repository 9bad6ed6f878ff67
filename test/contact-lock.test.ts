/**
 * The contact lock: the service control policy OrganizationContacts attaches when asked, evaluated as SCPs are
 * (beside FullAWSAccess, explicit Deny wins) with the IAM simulator of the tests, cfn-lint on the template, and
 * synth-time errors for bad targets.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationContacts, OrganizationContactsProps } from '../src';
import { SECURITY } from './support/contacts-fixtures';
import { PolicyDocument, evaluatePolicies } from './support/iam-policy';

const LOCK = { targetIds: ['r-ab12', 'ou-ab12-paymentsu'], exemptPrincipalArns: ['arn:aws:iam::*:role/BreakGlass*'] };

function synth(props: Partial<OrganizationContactsProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const FULL_AWS_ACCESS: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

test('no lock unless asked', () => {
  synth().template.resourceCountIs('AWS::Organizations::Policy', 0);
});

test("a service control policy attached to the targets: deny the three contact-changing actions except to the construct's role and the exempted", () => {
  const { template } = synth({ outsideChanges: { contactLock: LOCK } });
  template.resourceCountIs('AWS::Organizations::Policy', 1);
  template.hasResourceProperties('AWS::Organizations::Policy', {
    Type: 'SERVICE_CONTROL_POLICY',
    TargetIds: ['r-ab12', 'ou-ab12-paymentsu'],
    Name: 'cdk-account-contacts-lock-Stack',
    Content: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyContactChangesExceptCdkAccountContacts',
          Effect: 'Deny',
          Action: ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'],
          Resource: '*',
          Condition: {
            ArnNotLike: {
              'aws:PrincipalArn': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ContactsRole'), 'Arn'] }, 'arn:aws:iam::*:role/BreakGlass*'],
            },
          },
        },
      ],
    },
  });
});

describe('evaluated as an SCP beside FullAWSAccess', () => {
  const { template } = synth({ outsideChanges: { contactLock: LOCK } });
  const policy = Object.values<any>(template.findResources('AWS::Organizations::Policy'))[0];
  // The role's ARN as CloudFormation resolves it.
  const roleArn = 'arn:aws:iam::111122223333:role/Stack-ContactsRole1A2B3C4D-XYZ';
  const content = JSON.parse(
    JSON.stringify(policy.Properties.Content).replace(/\{"Fn::GetAtt":\["ContactsRole[0-9A-F]+","Arn"\]\}/, JSON.stringify(roleArn)),
  );
  const decide = (principal: string, action: string) =>
    evaluatePolicies([FULL_AWS_ACCESS, content], {
      action,
      resource: 'arn:aws:account::111122223333:account/o-abcdefghij/444455556666',
      context: { 'aws:PrincipalArn': principal },
    });

  test.each(['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'])(
    "%s: denied to a member account's administrator, allowed to the construct's role and the break-glass role",
    (action) => {
      expect(decide('arn:aws:iam::444455556666:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef', action)).toBe('EXPLICIT_DENY');
      expect(decide('arn:aws:iam::444455556666:user/alice', action)).toBe('EXPLICIT_DENY');
      expect(decide(roleArn, action)).toBe('ALLOW');
      expect(decide('arn:aws:iam::444455556666:role/BreakGlassAdmin', action)).toBe('ALLOW');
    },
  );

  test('reads stay allowed: auditors and the command still read contacts', () => {
    expect(decide('arn:aws:iam::444455556666:role/Auditor', 'account:GetAlternateContact')).toBe('ALLOW');
    expect(decide('arn:aws:iam::444455556666:role/Auditor', 'account:GetContactInformation')).toBe('ALLOW');
  });
});

test('cfn-lint passes on the template with the lock', () => {
  const { app } = synth({ outsideChanges: { contactLock: LOCK } });
  const assembly = app.synth();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'contact-lock-'));
  const file = path.join(directory, 'Stack.template.json');
  fs.writeFileSync(file, JSON.stringify(assembly.getStackByName('Stack').template));
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
  fs.rmSync(directory, { recursive: true, force: true });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('bad targets and exemptions fail synth with the construct path, the field and the rule', () => {
  expect(() => synth({ outsideChanges: { contactLock: { targetIds: [] } } })).toThrow(
    '[Stack/Contacts] outsideChanges.contactLock.targetIds is empty: name the root, units or accounts to lock, or leave contactLock out',
  );
  expect(() => synth({ outsideChanges: { contactLock: { targetIds: ['o-abcdefghij'], exemptPrincipalArns: ['BreakGlass'] } } })).toThrow(
    new RegExp(
      [
        "\\[Stack/Contacts\\] outsideChanges.contactLock\\.targetIds\\[0\\] 'o-abcdefghij' \\(12 characters\\) does not match the AWS pattern .* \\(Organizations API, AttachPolicyRequest\\.TargetId\\)",
        "\\[Stack/Contacts\\] outsideChanges.contactLock\\.exemptPrincipalArns\\[0\\] 'BreakGlass' is not an IAM principal ARN",
      ].join('[\\s\\S]*'),
    ),
  );
});

test('locking the management account warns: SCPs never apply to it', () => {
  const { stack } = synth({
    runs: { managementAccountId: '111122223333' },
    outsideChanges: { contactLock: { targetIds: ['111122223333'] } },
  });
  Annotations.fromStack(stack).hasWarning(
    '/Stack/Contacts',
    Match.stringLikeRegexp(
      '^outsideChanges.contactLock.targetIds names the management account 111122223333: service control policies never apply to the management account',
    ),
  );
});

describe("the policy's size: 5,120 characters, white space left out", () => {
  const roles = (count: number) =>
    Array.from({ length: count }, (_unused, index) => `arn:aws:iam::111111111111:role/${`BreakGlass${index}`.padEnd(64, 'x')}`);

  test("as many exempt roles as fit are accepted, and the template's policy is within the quota", () => {
    const { template } = synth({ outsideChanges: { contactLock: { targetIds: ['r-ab12'], exemptPrincipalArns: roles(48) } } });
    const policy = Object.values<any>(template.findResources('AWS::Organizations::Policy'))[0];
    // The role's ARN as CloudFormation resolves it, at its longest.
    const content = JSON.stringify(policy.Properties.Content).replace(
      /\{"Fn::GetAtt":\["ContactsRole[0-9A-F]+","Arn"\]\}/,
      JSON.stringify(`arn:aws:iam::111122223333:role/${'x'.repeat(64)}`),
    );
    expect(content.length).toBeLessThanOrEqual(5_120);
  });

  test('one more fails synth naming the quota and why the policy cannot be split', () => {
    expect(() => synth({ outsideChanges: { contactLock: { targetIds: ['r-ab12'], exemptPrincipalArns: roles(49) } } })).toThrow(
      new RegExp(
        '\\[Stack/Contacts\\] outsideChanges.contactLock: its service control policy would hold up to 5\\d{3} characters with 49 exempt principals, more than the 5120 an SCP may hold.*' +
          'It cannot be split into more policies: every SCP applies',
      ),
    );
  });
});

test("an exemption that names no account warns: any locked account's administrator could create that role", () => {
  const { stack } = synth({
    outsideChanges: {
      contactLock: { targetIds: ['r-ab12'], exemptPrincipalArns: ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::111111111111:role/BreakGlass'] },
    },
  });
  const warnings = Annotations.fromStack(stack).findWarning(
    '/Stack/Contacts',
    Match.stringLikeRegexp('^outsideChanges.contactLock.exemptPrincipalArns'),
  );
  expect(warnings.map((warning) => warning.entry.data)).toEqual([
    expect.stringMatching(
      /^outsideChanges\.contactLock\.exemptPrincipalArns\[0\] 'arn:aws:iam::\*:role\/BreakGlass' matches a principal of that name in any account: .* name the account/,
    ),
  ]);
});
